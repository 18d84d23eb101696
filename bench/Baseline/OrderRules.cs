using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ordo.Bench.Baseline;

/// <summary>What the baseline needs of Ordo's settings to take the same decisions (bench/run passes Ordo's values).</summary>
public sealed class BaselineSettings
{
    public string Caller { get; init; } = "bench";
    public TimeSpan PaymentWindow { get; init; } = TimeSpan.FromMinutes(30);
    public int MaxOpenUnpaidOrders { get; init; } = 5;
    public long MaxReservedValue { get; init; } = 500_000;
    public long ShippingFee { get; init; } = 495;
    public long FreeShippingFrom { get; init; } = 5_000;
    public byte[] ResponseKey { get; init; } = new byte[32];
}

public sealed record EventRow(Guid Id, int Sequence, string Type, string Actor, string Data, DateTimeOffset OccurredAt);

public sealed record MovementRow(Guid Id, Guid ProductId, string Kind, int Quantity, DateTimeOffset OccurredAt);

/// <summary>An audit entry derived from a timeline event, as Ordo's AuditChaining writes it; chained by <see cref="OrderChange.Chain"/>.</summary>
public sealed record AuditRow(Guid Id, DateTimeOffset OccurredAt, string Actor, string Action, string ResourceId, string Changes)
{
    public long Sequence { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>The domain event Ordo's outbox publishes for a timeline event (every type but <c>order.completed</c>).</summary>
public sealed record OutboxRow(Guid Id, string Type, string PartitionKey, string Body, DateTimeOffset OccurredAt);

/// <summary>Who made the change, as the audit trail records it.</summary>
public sealed record AuditCaller(string? IpAddress, string? UserAgent, string TraceId)
{
    public static AuditCaller Of(HttpContext http) => new(
        http.Connection.RemoteIpAddress?.ToString(),
        http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
        System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString());
}

/// <summary>A refused request: the problem Ordo would answer with (status and code are what the benchmark counts).</summary>
public sealed class RefusedException(int status, string code) : Exception(code)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>
/// One state change of an order as both baselines write it: the order after the change, the rows it adds and the rows
/// it changes. The rules are Ordo's (src/Ordo.Domain/Orders/Order.cs, OrderStock.cs), reduced to the paths the
/// benchmark drives; anything else is refused with the code Ordo uses.
/// </summary>
public sealed class OrderChange
{
    public required OrderData Order { get; init; }
    public required DateTimeOffset Now { get; init; }
    public List<EventRow> Events { get; } = [];
    public List<MovementRow> Movements { get; } = [];
    public List<AuditRow> Audit { get; } = [];

    /// <summary>Who the audit rows name (set before <see cref="Chain"/>).</summary>
    public AuditCaller? Caller { get; set; }
    public List<LineData> NewLines { get; } = [];
    public List<LineData> ShippedLines { get; } = [];
    public ShipmentData? NewShipment { get; set; }
    public ShipmentData? Delivered { get; set; }

    /// <summary>Changed products in id order, each with the version it was read with.</summary>
    public List<(ProductData Product, long ReadVersion)> Products { get; } = [];

    /// <summary>The order's version as read; each UPDATE of the order moves it on by one.</summary>
    public long ReadVersion { get; init; }

    public static OrderChange Place(
        PlaceOrderRequest request, IReadOnlyDictionary<Guid, ProductData> products, int unpaidCount, long unpaidSubtotal, BaselineSettings settings, DateTimeOffset now)
    {
        if (request.Lines.Count is < 1 or > 100 || request.Lines.Any(l => l.Quantity is < 1 or > 100_000))
        {
            throw new RefusedException(400, "validation_failed");
        }

        if (request.Currency != "EUR" && request.Currency != "USD" && request.Currency != "GBP")
        {
            throw new RefusedException(422, "currency_not_accepted");
        }

        var order = new OrderData
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = request.CustomerId,
            Currency = request.Currency,
            Status = "pending",
            PaymentStatus = "unpaid",
            FulfilmentStatus = "unfulfilled",
            CreatedAt = now,
            UpdatedAt = now,
            PaymentDueAt = now + settings.PaymentWindow,
        };
        foreach (var line in request.Lines)
        {
            if (!products.TryGetValue(line.ProductId, out var product))
            {
                throw new RefusedException(422, "unknown_product");
            }

            if (product.Currency != request.Currency)
            {
                throw new RefusedException(422, "currency_mismatch");
            }

            order.Lines.Add(new LineData
            {
                Id = Guid.CreateVersion7(now),
                ProductId = product.Id,
                Sku = product.Sku,
                ProductName = product.Name,
                UnitPrice = product.UnitPrice,
                Quantity = line.Quantity,
            });
        }

        order.Subtotal = order.Lines.Sum(l => l.UnitPrice * l.Quantity);
        order.ShippingFee = order.Subtotal >= settings.FreeShippingFrom ? 0 : settings.ShippingFee;
        order.Total = order.Subtotal + order.ShippingFee;
        if (order.Lines.Any(l => l.Quantity > 100))
        {
            throw new RefusedException(422, "units_per_line_cap_exceeded");
        }

        if (unpaidCount >= settings.MaxOpenUnpaidOrders)
        {
            throw new RefusedException(409, "open_unpaid_orders_cap_exceeded");
        }

        if (unpaidSubtotal + order.Subtotal > settings.MaxReservedValue)
        {
            throw new RefusedException(409, "reserved_value_cap_exceeded");
        }

        var change = new OrderChange { Order = order, Now = now };
        change.NewLines.AddRange(order.Lines);
        foreach (var line in order.Lines.OrderBy(l => l.ProductId))
        {
            var product = products[line.ProductId];
            if (product.Status != "active")
            {
                throw new RefusedException(409, "product_archived");
            }

            if (product.StockOnHand - product.StockReserved < line.Quantity)
            {
                throw new RefusedException(409, "insufficient_stock");
            }

            change.Products.Add((product, product.Version));
            product.StockReserved += line.Quantity;
            product.Version++;
            product.UpdatedAt = now;
            change.Movements.Add(new MovementRow(Guid.CreateVersion7(now), product.Id, "reservation", line.Quantity, now));
        }

        change.Record("order.placed", settings.Caller, ("total", order.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("currency", order.Currency));
        return change;
    }

    public static OrderChange Pay(OrderData order, PayOrderRequest request, BaselineSettings settings, DateTimeOffset now)
    {
        var change = new OrderChange { Order = order, Now = now, ReadVersion = order.Version };
        if (order.Status != "pending")
        {
            throw new RefusedException(409, "action_not_allowed");
        }

        if (now >= order.PaymentDueAt)
        {
            throw new RefusedException(409, "payment_window_closed");
        }

        if (request.Amount.Currency != order.Currency || request.Amount.Amount != order.Total)
        {
            throw new RefusedException(422, "payment_amount_mismatch");
        }

        if (string.IsNullOrWhiteSpace(request.ExternalReference) || request.ExternalReference.Length > 200)
        {
            throw new RefusedException(400, "validation_failed");
        }

        order.Status = "open";
        order.PaymentStatus = "paid";
        order.AmountPaid = request.Amount.Amount;
        order.PaymentReference = request.ExternalReference.Trim();
        change.Record(
            "order.paid", settings.Caller,
            ("amount", request.Amount.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("externalReference", order.PaymentReference));
        return change;
    }

    /// <summary>Ship, with the order's products loaded; each shipped unit leaves stock on hand and the reservation.</summary>
    public static OrderChange Ship(OrderData order, ShipOrderRequest request, IReadOnlyDictionary<Guid, ProductData> products, BaselineSettings settings, DateTimeOffset now)
    {
        var change = new OrderChange { Order = order, Now = now, ReadVersion = order.Version };
        if (!AllowedActions.Of(order.Status, order.PaymentStatus, order.FulfilmentStatus).Contains("ship"))
        {
            throw new RefusedException(409, "action_not_allowed");
        }

        if (request.Lines.Count == 0 || string.IsNullOrWhiteSpace(request.Carrier) || string.IsNullOrWhiteSpace(request.TrackingNumber))
        {
            throw new RefusedException(400, "validation_failed");
        }

        var shipment = new ShipmentData { Carrier = request.Carrier.Trim(), TrackingNumber = request.TrackingNumber.Trim(), ShippedAt = now };
        foreach (var shipped in request.Lines)
        {
            var line = order.Lines.Find(l => l.Id == shipped.OrderLineId) ?? throw new RefusedException(422, "unknown_order_line");
            if (shipped.Quantity < 1 || shipped.Quantity > line.Quantity - line.ShippedQuantity)
            {
                throw new RefusedException(422, "shipment_exceeds_ordered_quantity");
            }

            line.ShippedQuantity += shipped.Quantity;
            change.ShippedLines.Add(line);
            shipment.Lines.Add(new ShipmentLineData(line.Id, shipped.Quantity));
        }

        shipment.Id = Guid.CreateVersion7(now);
        order.Shipments.Add(shipment);
        change.NewShipment = shipment;
        order.FulfilmentStatus = order.Lines.TrueForAll(l => l.ShippedQuantity == l.Quantity) ? "fulfilled" : "partially_fulfilled";
        change.Record("order.shipped", settings.Caller, ("shipmentId", shipment.Id.ToString()), ("carrier", shipment.Carrier), ("trackingNumber", shipment.TrackingNumber));
        foreach (var shipped in shipment.Lines.Select(l => (Line: order.Lines.Single(o => o.Id == l.OrderLineId), l.Quantity)).OrderBy(s => s.Line.ProductId))
        {
            var product = products[shipped.Line.ProductId];
            change.Products.Add((product, product.Version));
            product.StockOnHand -= shipped.Quantity;
            product.StockReserved -= shipped.Quantity;
            product.Version++;
            product.UpdatedAt = now;
            change.Movements.Add(new MovementRow(Guid.CreateVersion7(now), product.Id, "shipment", -shipped.Quantity, now));
        }

        return change;
    }

    public static OrderChange Deliver(OrderData order, Guid shipmentId, BaselineSettings settings, DateTimeOffset now)
    {
        var change = new OrderChange { Order = order, Now = now, ReadVersion = order.Version };
        if (!AllowedActions.Of(order.Status, order.PaymentStatus, order.FulfilmentStatus).Contains("deliver"))
        {
            throw new RefusedException(409, "action_not_allowed");
        }

        var shipment = order.Shipments.Find(s => s.Id == shipmentId) ?? throw new RefusedException(404, "shipment_not_found");
        if (shipment.DeliveredAt is not null)
        {
            throw new RefusedException(409, "shipment_already_delivered");
        }

        shipment.DeliveredAt = now;
        change.Delivered = shipment;
        change.Record("order.delivered", settings.Caller, ("shipmentId", shipmentId.ToString()));
        if (order.FulfilmentStatus == "fulfilled" && order.Shipments.TrueForAll(s => s.DeliveredAt is not null))
        {
            order.FulfilmentStatus = "delivered";
            order.Status = "completed";
            change.Record("order.completed", settings.Caller);
        }

        return change;
    }

    private void Record(string type, string actor, params (string Key, string Value)[] data)
    {
        Order.EventCount++;
        Order.UpdatedAt = Now;
        var json = JsonSerializer.Serialize(data.ToDictionary(d => d.Key, d => d.Value), WireJson.Default.DictionaryStringString);
        Events.Add(new EventRow(Guid.CreateVersion7(Now), Order.EventCount, type, actor, json, Now));
        var changes = new StringBuilder("{");
        foreach (var (key, value) in data.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            // The audit trail keeps amounts, currencies and ids in clear and masks free text, as Ordo does.
            var shown = key is "total" or "currency" or "amount" or "shipmentId" or "carrier" ? value : "***";
            changes.Append(changes.Length > 1 ? "," : "").Append(CultureInfo.InvariantCulture, $"\"{key}\":{{\"after\":{JsonSerializer.Serialize(shown, WireJson.Default.String)}}}");
        }

        Audit.Add(new AuditRow(Guid.CreateVersion7(Now), AuditTime(Now), actor, type, Order.Id.ToString(), changes.Append('}').ToString()));
    }

    private List<OutboxRow>? _outbox;

    /// <summary>The events published through the outbox, with the order as the change left it (built once, when first written).</summary>
    public List<OutboxRow> Outbox => _outbox ??= [.. Events.Where(e => e.Type != "order.completed").Select(e => new OutboxRow(
        e.Id, e.Type, $"order:{Order.Id}", OutboxBody(e), e.OccurredAt))];

    private string OutboxBody(EventRow e)
    {
        var o = Order;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("type", e.Type);
            json.WriteString("occurredAt", e.OccurredAt.UtcDateTime);
            json.WriteString("apiVersion", "v1");
            json.WriteStartObject("data");
            json.WriteString("orderId", o.Id);
            json.WriteString("customerId", o.CustomerId);
            json.WriteNumber("sequence", e.Sequence);
            json.WriteString("status", o.Status);
            json.WriteString("paymentStatus", o.PaymentStatus);
            json.WriteString("fulfilmentStatus", o.FulfilmentStatus);
            foreach (var (name, amount) in (ReadOnlySpan<(string, long)>)[("total", o.Total), ("amountPaid", o.AmountPaid), ("amountRefunded", o.AmountRefunded)])
            {
                json.WriteStartObject(name);
                json.WriteNumber("amount", amount);
                json.WriteString("currency", o.Currency);
                json.WriteEndObject();
            }

            if (JsonSerializer.Deserialize(e.Data, WireJson.Default.DictionaryStringString) is { } data && data.TryGetValue("shipmentId", out var shipmentId))
            {
                json.WriteString("shipmentId", shipmentId);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Chains the audit rows after the chain head (its sequence once the rows' numbers are reserved, and its hash) as
    /// Ordo's AuditChain does: SHA-256 over the previous hash and a length-prefixed canonical form. Returns the new head hash.
    /// </summary>
    public string Chain(long headSequence, string headHash, AuditCaller caller)
    {
        Caller = caller;
        var sequence = headSequence - Audit.Count;
        var previous = headHash;
        foreach (var row in Audit)
        {
            row.Sequence = ++sequence;
            row.PreviousHash = previous;
            row.Hash = previous = HashOf(previous, row, caller);
        }

        HeadHash = previous;
        return previous;
    }

    /// <summary>The chain head's hash after <see cref="Chain"/>.</summary>
    public string? HeadHash { get; private set; }

    private static string HashOf(string previous, AuditRow row, AuditCaller caller)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in (string?[])
        [
            "ordo-audit-v1", row.Sequence.ToString(CultureInfo.InvariantCulture),
            row.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            row.Actor, caller.IpAddress, caller.UserAgent, row.Action, "order", row.ResourceId, "succeeded", row.Changes, caller.TraceId,
        ])
        {
            var bytes = field is null ? null : Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteUInt32BigEndian(length, bytes is null ? uint.MaxValue : (uint)bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Convert.FromHexString(previous));
        hash.AppendData(buffer.ToArray());
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Audit times are kept to 100 µs, which both of Ordo's databases store exactly.</summary>
    private static DateTimeOffset AuditTime(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 1_000), TimeSpan.Zero);

    /// <summary>
    /// The value of a column this change writes: the k-th row of a table (events, movements, lines, products in the
    /// order they were listed), or the order itself. Used for the captured statements and the ideal baseline alike.
    /// </summary>
    public object? Column(string table, string column, int k, bool inWhere, bool insert = false)
    {
        switch (table)
        {
            case "orders":
                return OrderColumn(column, inWhere, insert);
            case "order_events":
                var e = Events[k];
                return column switch
                {
                    "id" => e.Id, "order_id" => Order.Id, "sequence" => e.Sequence, "type" => e.Type, "actor" => e.Actor,
                    "data" => e.Data, "occurred_at" => e.OccurredAt, _ => Unknown(table, column),
                };
            case "audit_entries":
                var a = Audit[k];
                return column switch
                {
                    "id" => a.Id, "action" => a.Action, "actor" => a.Actor, "changes" => a.Changes, "hash" => a.Hash, "ip_address" => Caller?.IpAddress,
                    "occurred_at" => a.OccurredAt, "outcome" => "succeeded", "previous_hash" => a.PreviousHash, "resource_id" => a.ResourceId,
                    "resource_type" => "order", "sequence" => a.Sequence, "trace_id" => Caller?.TraceId, "user_agent" => Caller?.UserAgent,
                    _ => Unknown(table, column),
                };
            case "audit_chain_head":
                // UPDATE … SET sequence = sequence + @p0 (the rows to number), then SET hash = @p0 WHERE id = @p1.
                return column switch
                {
                    "hash" => HeadHash, "id" => 1, _ => (long)Audit.Count,
                };
            case "outbox_messages":
                var x = Outbox[k];
                return column switch
                {
                    "id" => x.Id, "type" => x.Type, "partition_key" => x.PartitionKey, "body" => x.Body, "occurred_at" => x.OccurredAt,
                    "next_attempt_at" => x.OccurredAt, "attempts" => 0, "delivered_at" or "last_error" or "locked_until" or "parked_at" => null,
                    _ => Unknown(table, column),
                };
            case "stock_movements":
                var m = Movements[k];
                return column switch
                {
                    "id" => m.Id, "product_id" => m.ProductId, "kind" => m.Kind, "quantity" => m.Quantity, "reason" => null,
                    "order_id" => Order.Id, "occurred_at" => m.OccurredAt, _ => Unknown(table, column),
                };
            case "order_lines":
                var l = NewLines.Count > 0 ? NewLines[k] : ShippedLines[k];
                return column switch
                {
                    "id" => l.Id, "order_id" => Order.Id, "product_id" => l.ProductId, "product_name" => l.ProductName, "quantity" => l.Quantity,
                    "shipped_quantity" => l.ShippedQuantity, "sku" => l.Sku, "unit_price_amount" => l.UnitPrice,
                    "unit_price_currency" => Order.Currency, _ => Unknown(table, column),
                };
            case "products":
                var (p, read) = Products[k];
                return column switch
                {
                    "id" => p.Id, "version" => inWhere ? read : read + 1, "stock_on_hand" => p.StockOnHand, "stock_reserved" => p.StockReserved,
                    "updated_at" => p.UpdatedAt, _ => Unknown(table, column),
                };
            case "shipments":
                var s = NewShipment ?? Delivered!;
                return column switch
                {
                    "id" => s.Id, "order_id" => Order.Id, "carrier" => s.Carrier, "tracking_number" => s.TrackingNumber,
                    "shipped_at" => s.ShippedAt, "delivered_at" => s.DeliveredAt, _ => Unknown(table, column),
                };
            case "shipment_lines":
                var sl = NewShipment!.Lines[k];
                return column switch
                {
                    "order_line_id" => sl.OrderLineId, "shipment_id" => NewShipment.Id, "quantity" => sl.Quantity, _ => Unknown(table, column),
                };
            default:
                return Unknown(table, column);
        }
    }

    /// <summary>How many rows of <paramref name="table"/> this change writes (null: the table is not one it counts).</summary>
    public int? RowCount(string table) => table switch
    {
        "order_events" => Events.Count,
        "stock_movements" => Movements.Count,
        "audit_entries" => Audit.Count,
        "outbox_messages" => Outbox.Count,
        "order_lines" => NewLines.Count > 0 ? NewLines.Count : ShippedLines.Count,
        "products" => Products.Count,
        "shipment_lines" => NewShipment?.Lines.Count ?? 0,
        _ => null,
    };

    private int _orderUpdates;

    private object? OrderColumn(string column, bool inWhere, bool insert)
    {
        var o = Order;
        return column switch
        {
            "id" => o.Id,
            "number" => o.Number,
            "customer_id" => o.CustomerId,
            "currency" => o.Currency,
            "status" => o.Status,
            "payment_status" => o.PaymentStatus,
            "fulfilment_status" => o.FulfilmentStatus,
            "payment_reference" => o.PaymentReference,
            "event_count" => o.EventCount,
            "created_at" => o.CreatedAt,
            "updated_at" => o.UpdatedAt,
            "payment_due_at" => o.PaymentDueAt,
            "shipping_address_encrypted" or "billing_address_encrypted" => null, // the benchmark's orders have no addresses
            "metadata" => System.Text.Json.JsonSerializer.Serialize(o.Metadata),
            // An UPDATE names SET version before WHERE version: the SET moves it on, the WHERE names the one before.
            "version" when insert => o.Version,
            "version" when inWhere => o.Version - 1,
            "version" => o.Version = ReadVersion + ++_orderUpdates,
            "amount_paid_amount" => o.AmountPaid,
            "amount_refunded_amount" => o.AmountRefunded,
            "shipping_fee_amount" => o.ShippingFee,
            "subtotal_amount" => o.Subtotal,
            "total_amount" => o.Total,
            "amount_paid_currency" or "amount_refunded_currency" or "shipping_fee_currency" or "subtotal_currency" or "total_currency" => o.Currency,
            _ => Unknown("orders", column),
        };
    }

    private static object Unknown(string table, string column) =>
        throw new InvalidOperationException($"The baseline has no value for {table}.{column}; the captured SQL changed shape, adapt bench/Baseline.");
}
