using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Ordo.Bench.Baseline;

/// <summary>
/// The ideal baseline: the same answers from the fewest round trips with prepared statements (the data source
/// auto-prepares). Reads are one round trip (a batch for an order and its children); a state change is three: lock and
/// read; take the audit chain's head (the entries' hashes need its hash); then write everything including the audit
/// entries, the outbox messages, the idempotency record and COMMIT in one batch.
/// </summary>
public sealed partial class IdealApi(NpgsqlDataSource dataSource, BaselineSettings settings, ILogger<IdealApi> logger)
{
    private const string OrderColumns =
        "id, number, customer_id, currency, status, payment_status, fulfilment_status, payment_reference, event_count, version, "
        + "subtotal_amount, shipping_fee_amount, total_amount, amount_paid_amount, amount_refunded_amount, created_at, updated_at, payment_due_at, metadata";

    private const string ProductColumns =
        "id, sku, name, description, status, stock_on_hand, stock_reserved, unit_price_amount, unit_price_currency, version, created_at, updated_at, metadata";

    private static readonly string[] OrderChildren =
    [
        "SELECT id, product_id, sku, product_name, unit_price_amount, quantity, shipped_quantity FROM order_lines WHERE order_id = $1",
        "SELECT id, amount_amount, reason, actor, created_at FROM refunds WHERE order_id = $1",
        "SELECT id, carrier, tracking_number, shipped_at, delivered_at FROM shipments WHERE order_id = $1",
        "SELECT l.shipment_id, l.order_line_id, l.quantity FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id WHERE s.order_id = $1",
    ];

    private static readonly string[] ChildTables = ["order_lines", "refunds", "shipments", "shipment_lines"];

    public async Task GetOrderAsync(Guid id, HttpContext http)
    {
        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        OrderData? order;
        do
        {
            // As Ordo does: the order's version again at the end, so that a change committed between the statements is
            // read again instead of mixing two states.
            await using var batch = new NpgsqlBatch(connection);
            AddOrderRead(batch, id, forUpdate: false);
            Add(batch, "SELECT version FROM orders WHERE id = $1", id);
            await using var reader = await batch.ExecuteReaderAsync(http.RequestAborted);
            order = await ReadOrderAsync(reader, http.RequestAborted);
            await reader.NextResultAsync(http.RequestAborted);
            if (order is null || (await reader.ReadAsync(http.RequestAborted) && reader.GetInt64(0) == order.Version))
            {
                break;
            }
        }
        while (true);

        if (order is null)
        {
            await Http.ProblemAsync(http, 404, "not_found");
            return;
        }

        await Http.WriteAsync(http, 200, order.ToResponse(), WireJson.Web.OrderResponse, order.Version);
    }

    public async Task ListOrdersAsync(HttpContext http)
    {
        var list = Http.ListRequest.Read(http.Request);
        if (list is null)
        {
            await Http.ProblemAsync(http, 400, "validation_failed");
            return;
        }

        var key = list.ByTotal ? "total_amount" : "created_at";
        var direction = list.Descending ? "DESC" : "ASC";
        var conditions = new List<string>(2);
        if (list.Cursor is not null)
        {
            conditions.Add($"({key}, id) {(list.Descending ? "<" : ">")} ($2, $3)");
        }

        if (list.Statuses.Length > 0)
        {
            // One status as an equality, so that the (status, created_at, id) index also gives the order.
            var parameter = list.Cursor is null ? 2 : 4;
            conditions.Add(list.Statuses.Length == 1 ? $"status = ${parameter}" : $"status = ANY(${parameter})");
        }

        var after = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions) + " ";
        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        StatementCounter.Add(1);
        await using var command = new NpgsqlCommand(
            "SELECT id, number, customer_id, status, payment_status, fulfilment_status, total_amount, total_currency, created_at, updated_at FROM orders "
            + after + $"ORDER BY {key} {direction}, id {direction} LIMIT $1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = list.Limit + 1 });
        if (list.Cursor is { } cursor)
        {
            var sortKey = long.Parse(cursor[0], System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.Add(list.ByTotal ? new NpgsqlParameter { Value = sortKey } : new NpgsqlParameter { Value = new DateTimeOffset(sortKey, TimeSpan.Zero) });
            command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(cursor[1]) });
        }

        if (list.Statuses.Length > 0)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = list.Statuses.Length == 1 ? list.Statuses[0] : list.Statuses });
        }

        var rows = new List<OrderSummaryResponse>(list.Limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(http.RequestAborted))
        {
            while (await reader.ReadAsync(http.RequestAborted))
            {
                rows.Add(OrderData.Summary(reader));
            }
        }

        await Http.WriteAsync(http, 200, list.Respond(http, rows), WireJson.Web.PageOrderSummaryResponse);
    }

    public async Task GetProductAsync(Guid id, HttpContext http)
    {
        await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
        StatementCounter.Add(1);
        await using var command = new NpgsqlCommand($"SELECT {ProductColumns} FROM products WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
        if (!await reader.ReadAsync(http.RequestAborted))
        {
            await Http.ProblemAsync(http, 404, "not_found");
            return;
        }

        var product = ProductData.Read(reader);
        await Http.WriteAsync(http, 200, product.ToResponse(), WireJson.Web.ProductResponse, product.Version);
    }

    public async Task PlaceOrderAsync(HttpContext http)
    {
        var body = await Http.BodyAsync(http);
        var request = JsonSerializer.Deserialize(body, WireJson.Default.PlaceOrderRequest);
        if (request is null)
        {
            await Http.ProblemAsync(http, 400, "validation_failed");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        await RunAsync(http, body, now, 201, async (connection, cancellationToken) =>
        {
            // Round trip 1: lock the customer, count what they hold unpaid, lock and read the products, take a number.
            await using var batch = new NpgsqlBatch(connection);
            Add(batch, "BEGIN");
            Add(batch, "SELECT id FROM customers WHERE id = $1 FOR UPDATE", request.CustomerId);
            Add(batch, "SELECT count(*)::int, COALESCE(sum(subtotal_amount) FILTER (WHERE currency = $2), 0)::bigint FROM orders WHERE customer_id = $1 AND status = 'pending'",
                request.CustomerId, request.Currency);
            Add(batch, $"SELECT {ProductColumns} FROM products WHERE id = ANY($1) ORDER BY id FOR UPDATE", request.Lines.Select(l => l.ProductId).Distinct().ToArray());
            Add(batch, "SELECT nextval('order_numbers')");
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken); // BEGIN has no result set: at the lock
            var customerFound = await reader.ReadAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (unpaidCount, unpaidSubtotal) = (reader.GetInt32(0), reader.GetInt64(1));
            await reader.NextResultAsync(cancellationToken);
            var products = new Dictionary<Guid, ProductData>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var product = ProductData.Read(reader);
                products[product.Id] = product;
            }

            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var number = reader.GetInt64(0);
            if (!customerFound)
            {
                throw new RefusedException(422, "unknown_customer");
            }

            var change = OrderChange.Place(request, products, unpaidCount, unpaidSubtotal, settings, now);
            change.Order.Number = number;
            return change;
        });
    }

    public async Task PayAsync(Guid id, HttpContext http)
    {
        var body = await Http.BodyAsync(http);
        var request = JsonSerializer.Deserialize(body, WireJson.Default.PayOrderRequest);
        var now = DateTimeOffset.UtcNow;
        await RunAsync(http, body, now, 200, async (connection, cancellationToken) =>
            OrderChange.Pay(await LockOrderAsync(connection, id, withProducts: null, cancellationToken), request!, settings, now));
    }

    public async Task ShipAsync(Guid id, HttpContext http)
    {
        var body = await Http.BodyAsync(http);
        var request = JsonSerializer.Deserialize(body, WireJson.Default.ShipOrderRequest);
        var now = DateTimeOffset.UtcNow;
        await RunAsync(http, body, now, 201, async (connection, cancellationToken) =>
        {
            var products = new Dictionary<Guid, ProductData>();
            var order = await LockOrderAsync(connection, id, products, cancellationToken);
            return OrderChange.Ship(order, request!, products, settings, now);
        });
    }

    public async Task DeliverAsync(Guid id, Guid shipmentId, HttpContext http)
    {
        var now = DateTimeOffset.UtcNow;
        await RunAsync(http, [], now, 200, async (connection, cancellationToken) =>
            OrderChange.Deliver(await LockOrderAsync(connection, id, withProducts: null, cancellationToken), shipmentId, settings, now));
    }

    /// <summary>Round trip 1 of an order action: BEGIN, the order locked, its children, and (for shipping) its products locked.</summary>
    private static async Task<OrderData> LockOrderAsync(NpgsqlConnection connection, Guid id, Dictionary<Guid, ProductData>? withProducts, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        Add(batch, "BEGIN");
        AddOrderRead(batch, id, forUpdate: true);
        if (withProducts is not null)
        {
            Add(batch, $"SELECT {ProductColumns} FROM products WHERE id IN (SELECT product_id FROM order_lines WHERE order_id = $1) ORDER BY id FOR UPDATE", id);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var order = await ReadOrderAsync(reader, cancellationToken) ?? throw new RefusedException(404, "not_found");
        if (withProducts is not null)
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var product = ProductData.Read(reader);
                withProducts[product.Id] = product;
            }
        }

        return order;
    }

    /// <summary>
    /// Runs a state change: round trip 1 (the <paramref name="decide"/> callback's reads), the audit chain's head, then one batch writing every row
    /// the change made, the idempotency record (when a key is sent) and COMMIT.
    /// </summary>
    private async Task RunAsync(HttpContext http, byte[] body, DateTimeOffset now, int status, Func<NpgsqlConnection, CancellationToken, Task<OrderChange>> decide)
    {
        // Not cancelled when the client hangs up (wrk does at the end of each run): Npgsql's auto-preparation was left
        // believing in statements a cancelled batch never prepared, and later changes on that connection failed with
        // 26000 "prepared statement does not exist" (26 of 309 placed orders in one run after the warm-up).
        var cancellationToken = CancellationToken.None;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var change = await decide(connection, cancellationToken);
            var order = change.Order;
            var placed = change.NewLines.Count > 0;
            order.Version = placed ? 0 : change.ReadVersion + 1;
            var response = Http.Bytes(order.ToResponse(), WireJson.Web.OrderResponse);
            var location = status == 201 ? $"/api/v1/orders/{order.Id}" : null;
            // Round trip 2: reserve the audit entries' numbers and read the chain head (its row lock is held to COMMIT,
            // so writers of the chain take turns); the hashes need it, so it can't join the writes.
            await using (var chain = new NpgsqlBatch(connection))
            {
                Add(chain, "UPDATE audit_chain_head SET sequence = sequence + $1 WHERE id = 1 RETURNING sequence, hash", (long)change.Audit.Count);
                await using var head = await chain.ExecuteReaderAsync(cancellationToken);
                await head.ReadAsync(cancellationToken);
                change.Chain(head.GetInt64(0), head.GetString(1), AuditCaller.Of(http));
            }

            await using (var batch = new NpgsqlBatch(connection))
            {
                AddWrites(batch, change, placed); // round trip 3
                var key = http.Request.Headers["Idempotency-Key"].ToString();
                if (key.Length > 0)
                {
                    var record = IdempotencyRecord.For(http, settings.Caller, key, body, settings.ResponseKey, now);
                    record.Complete(status, location, order.Version, response, settings.ResponseKey);
                    string[] columns = ["caller", "key", "request_hash", "response_status", "response_content_type", "response_location", "response_e_tag", "response_body", "created_at", "expires_at"];
                    Add(batch, $"INSERT INTO idempotency_records ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})",
                        [.. columns.Select(c => record.Column(c, completed: true))]);
                }

                Add(batch, "COMMIT");
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            await Http.WriteBytesAsync(http, status, response, order.Version, location);
        }
        catch (Exception e) when (e is RefusedException or PostgresException)
        {
            StatementCounter.Add(1);
            await using (var rollback = new NpgsqlCommand("ROLLBACK", connection))
            {
                await rollback.ExecuteNonQueryAsync(CancellationToken.None);
            }

            if (e is PostgresException postgres)
            {
                LogDatabaseRefusal(logger, postgres.SqlState, postgres.MessageText);
            }

            var refusal = e as RefusedException ?? new RefusedException(409, "conflict");
            LogRefusal(logger, refusal.Status, refusal.Code);
            await Http.ProblemAsync(http, refusal.Status, refusal.Code);
        }
    }

    private static void AddWrites(NpgsqlBatch batch, OrderChange change, bool placed)
    {
        var o = change.Order;
        if (placed)
        {
            Add(batch,
                "INSERT INTO orders (id, number, customer_id, currency, status, payment_status, fulfilment_status, payment_reference, event_count, created_at, updated_at, payment_due_at, version, "
                + "amount_paid_amount, amount_paid_currency, amount_refunded_amount, amount_refunded_currency, shipping_fee_amount, shipping_fee_currency, subtotal_amount, subtotal_currency, total_amount, total_currency) "
                + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $4, $14, $4, $15, $4, $16, $4, $17, $4)",
                o.Id, o.Number, o.CustomerId, o.Currency, o.Status, o.PaymentStatus, o.FulfilmentStatus, (object?)o.PaymentReference, o.EventCount, o.CreatedAt, o.UpdatedAt,
                o.PaymentDueAt, o.AmountPaid, o.AmountRefunded, o.ShippingFee, o.Subtotal, o.Total);
            var lines = change.NewLines;
            Add(batch,
                "INSERT INTO order_lines (id, order_id, product_id, product_name, quantity, shipped_quantity, sku, unit_price_amount, unit_price_currency) "
                + "SELECT l.id, $2, l.product_id, l.name, l.quantity, 0, l.sku, l.price, $3 FROM unnest($1::uuid[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::bigint[]) AS l(id, product_id, name, quantity, sku, price)",
                lines.Select(l => l.Id).ToArray(), o.Id, o.Currency, lines.Select(l => l.ProductId).ToArray(), lines.Select(l => l.ProductName).ToArray(),
                lines.Select(l => l.Quantity).ToArray(), lines.Select(l => l.Sku).ToArray(), lines.Select(l => l.UnitPrice).ToArray());
        }
        else
        {
            Add(batch,
                "UPDATE orders SET status = $2, payment_status = $3, fulfilment_status = $4, payment_reference = $5, event_count = $6, updated_at = $7, amount_paid_amount = $8, version = $9 WHERE id = $1",
                o.Id, o.Status, o.PaymentStatus, o.FulfilmentStatus, (object?)o.PaymentReference, o.EventCount, o.UpdatedAt, o.AmountPaid, o.Version);
        }

        if (change.ShippedLines.Count > 0)
        {
            Add(batch, "UPDATE order_lines SET shipped_quantity = l.shipped FROM unnest($1::uuid[], $2::int[]) AS l(id, shipped) WHERE order_lines.id = l.id",
                change.ShippedLines.Select(l => l.Id).ToArray(), change.ShippedLines.Select(l => l.ShippedQuantity).ToArray());
        }

        if (change.NewShipment is { } shipment)
        {
            Add(batch, "INSERT INTO shipments (id, order_id, carrier, tracking_number, shipped_at) VALUES ($1, $2, $3, $4, $5)",
                shipment.Id, o.Id, shipment.Carrier, shipment.TrackingNumber, shipment.ShippedAt);
            Add(batch, "INSERT INTO shipment_lines (shipment_id, order_line_id, quantity) SELECT $1, l.id, l.quantity FROM unnest($2::uuid[], $3::int[]) AS l(id, quantity)",
                shipment.Id, shipment.Lines.Select(l => l.OrderLineId).ToArray(), shipment.Lines.Select(l => l.Quantity).ToArray());
        }

        if (change.Delivered is { } delivered)
        {
            Add(batch, "UPDATE shipments SET delivered_at = $2 WHERE id = $1", delivered.Id, delivered.DeliveredAt!.Value);
        }

        if (change.Products.Count > 0)
        {
            Add(batch,
                "UPDATE products SET stock_on_hand = p.on_hand, stock_reserved = p.reserved, version = p.version, updated_at = $4 FROM unnest($1::uuid[], $2::int[], $3::int[], $5::bigint[]) AS p(id, on_hand, reserved, version) WHERE products.id = p.id",
                change.Products.Select(p => p.Product.Id).ToArray(), change.Products.Select(p => p.Product.StockOnHand).ToArray(),
                change.Products.Select(p => p.Product.StockReserved).ToArray(), change.Now, change.Products.Select(p => p.Product.Version).ToArray());
        }

        if (change.Movements.Count > 0)
        {
            Add(batch,
                "INSERT INTO stock_movements (id, product_id, kind, quantity, order_id, occurred_at) SELECT m.id, m.product_id, $3, m.quantity, $4, $5 FROM unnest($1::uuid[], $2::uuid[], $6::int[]) AS m(id, product_id, quantity)",
                change.Movements.Select(m => m.Id).ToArray(), change.Movements.Select(m => m.ProductId).ToArray(), change.Movements[0].Kind, o.Id, change.Now,
                change.Movements.Select(m => m.Quantity).ToArray());
        }

        Add(batch,
            "INSERT INTO order_events (id, order_id, sequence, type, actor, data, occurred_at) SELECT e.id, $2, e.sequence, e.type, $3, e.data, $4 FROM unnest($1::uuid[], $5::int[], $6::text[], $7::text[]) AS e(id, sequence, type, data)",
            change.Events.Select(e => e.Id).ToArray(), o.Id, change.Events[0].Actor, change.Now, change.Events.Select(e => e.Sequence).ToArray(),
            change.Events.Select(e => e.Type).ToArray(), change.Events.Select(e => e.Data).ToArray());

        var audit = change.Audit;
        Add(batch,
            "INSERT INTO audit_entries (id, sequence, occurred_at, actor, ip_address, user_agent, action, resource_type, resource_id, outcome, changes, trace_id, previous_hash, hash) "
            + "SELECT a.id, a.sequence, a.occurred_at, $4, $5, $6, a.action, 'order', $7, 'succeeded', a.changes, $8, a.previous_hash, a.hash "
            + "FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[]) AS a(id, sequence, occurred_at, action, changes, previous_hash, hash)",
            audit.Select(a => a.Id).ToArray(), audit.Select(a => a.Sequence).ToArray(), audit.Select(a => a.OccurredAt).ToArray(), audit[0].Actor,
            (object?)change.Caller!.IpAddress, (object?)change.Caller.UserAgent, o.Id.ToString(), change.Caller.TraceId, audit.Select(a => a.Action).ToArray(),
            audit.Select(a => a.Changes).ToArray(), audit.Select(a => a.PreviousHash).ToArray(), audit.Select(a => a.Hash).ToArray());
        Add(batch, "UPDATE audit_chain_head SET hash = $1 WHERE id = 1", change.HeadHash!);
        var outbox = change.Outbox;
        Add(batch,
            "INSERT INTO outbox_messages (id, type, partition_key, body, occurred_at, next_attempt_at, attempts) "
            + "SELECT m.id, m.type, $3, m.body, $4, $4, 0 FROM unnest($1::uuid[], $2::text[], $5::text[]) AS m(id, type, body)",
            outbox.Select(m => m.Id).ToArray(), outbox.Select(m => m.Type).ToArray(), $"order:{o.Id}", change.Now, outbox.Select(m => m.Body).ToArray());
    }

    private static void AddOrderRead(NpgsqlBatch batch, Guid id, bool forUpdate)
    {
        Add(batch, $"SELECT {OrderColumns} FROM orders WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""), id);
        foreach (var child in OrderChildren)
        {
            Add(batch, child, id);
        }
    }

    /// <summary>Reads the order and its four child result sets from a batch positioned at the order's result.</summary>
    private static async Task<OrderData?> ReadOrderAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var order = await reader.ReadAsync(cancellationToken) ? OrderData.Read(reader) : null;
        foreach (var table in ChildTables)
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                order?.AddChild(table, reader);
            }
        }

        return order;
    }

    private static void Add(NpgsqlBatch batch, string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        batch.BatchCommands.Add(command);
        StatementCounter.Add(1);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused: {Status} {Code}")]
    private static partial void LogRefusal(ILogger logger, int status, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused a change: {SqlState} {Message}")]
    private static partial void LogDatabaseRefusal(ILogger logger, string sqlState, string message);
}
