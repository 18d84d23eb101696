using System.Text.Json;
using Npgsql;

namespace Ordo.Bench.Baseline;

/// <summary>
/// The same-SQL baseline: each request replays the statements Ordo sent for it (bench/Baseline/sql/*.sql, captured
/// from Ordo's command log), on the same connection checkouts and transaction markers, with values this app computes.
/// What it measures against Ordo is the cost of everything but the database conversation.
/// </summary>
public sealed partial class SameSqlApi(NpgsqlDataSource dataSource, BaselineSettings settings, string sqlDirectory, ILogger<SameSqlApi> logger)
{
    private readonly Replay _replay = new(dataSource);
    private readonly Dictionary<string, CapturedSql> _captured = Directory.GetFiles(sqlDirectory, "*.sql")
        .Select(path => CapturedSql.Load(sqlDirectory, Path.GetFileNameWithoutExtension(path)))
        .ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, string> SortNames = new Dictionary<string, string>
    {
        ["-createdAt"] = "newest", ["createdAt"] = "oldest", ["total"] = "total-asc", ["-total"] = "total-desc",
    };

    private CapturedSql Captured(string name) =>
        _captured.TryGetValue(name, out var captured) ? captured : throw new RefusedException(501, "not_captured_" + name);

    public async Task GetOrderAsync(Guid id, HttpContext http)
    {
        var order = await LoadOrderAsync(Captured("order-get"), id, http.RequestAborted);
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

        var filter = list.Statuses.Length > 0 ? "-" + string.Join('-', list.Statuses) : "";
        var captured = Captured(list.Cursor is null
            ? "orders-first" + filter + (list.Sort == "-createdAt" ? "" : "-" + SortNames[list.Sort])
            : "orders-after" + filter + "-" + SortNames[list.Sort]);
        var rows = new List<OrderSummaryResponse>(list.Limit + 1);
        await _replay.RunAsync(
            captured,
            slot => slot.Column switch
            {
                "limit" => list.Limit + 1,
                "status" => list.Statuses.Length == 1 ? list.Statuses[0] : list.Statuses, // one status is an equality in Ordo's SQL
                "id" => Guid.Parse(list.Cursor![1]),
                "created_at" => new DateTimeOffset(long.Parse(list.Cursor![0], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero),
                "total_amount" => long.Parse(list.Cursor![0], System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException($"No value for {slot}"),
            },
            (_, row) => rows.Add(OrderData.Summary(row)),
            cancellationToken: http.RequestAborted);
        await Http.WriteAsync(http, 200, list.Respond(http, rows), WireJson.Web.PageOrderSummaryResponse);
    }

    public async Task GetProductAsync(Guid id, HttpContext http)
    {
        ProductData? product = null;
        await _replay.RunAsync(Captured("product-get"), _ => id, (_, row) => product = ProductData.Read(row), cancellationToken: http.RequestAborted);
        if (product is null)
        {
            await Http.ProblemAsync(http, 404, "not_found");
            return;
        }

        await Http.WriteAsync(http, 200, product.ToResponse(), WireJson.Web.ProductResponse, product.Version);
    }

    public Task PlaceOrderAsync(HttpContext http) => ChangeAsync(http, "order-place", null, 201, async (body, read) =>
    {
        var request = JsonSerializer.Deserialize(body, WireJson.Default.PlaceOrderRequest) ?? throw new RefusedException(400, "validation_failed");
        return (request.CustomerId, request.Currency, request.Lines.Select(l => l.ProductId).Distinct().ToArray(),
            () => OrderChange.Place(request, read.Products, read.UnpaidCount, read.UnpaidSubtotal, settings, read.Now));
    });

    public Task PayAsync(Guid id, HttpContext http) => ChangeAsync(http, "order-pay", id, 200, async (body, read) =>
    {
        var request = JsonSerializer.Deserialize(body, WireJson.Default.PayOrderRequest) ?? throw new RefusedException(400, "validation_failed");
        return (Guid.Empty, "", [], () => OrderChange.Pay(read.Order!, request, settings, read.Now));
    });

    public Task ShipAsync(Guid id, HttpContext http) => ChangeAsync(http, "order-ship", id, 201, async (body, read) =>
    {
        var request = JsonSerializer.Deserialize(body, WireJson.Default.ShipOrderRequest) ?? throw new RefusedException(400, "validation_failed");
        return (Guid.Empty, "", [], () => OrderChange.Ship(read.Order!, request, read.Products, settings, read.Now));
    });

    public Task DeliverAsync(Guid id, Guid shipmentId, HttpContext http) => ChangeAsync(http, "order-deliver", id, 200, async (_, read) =>
        (Guid.Empty, "", [], () => OrderChange.Deliver(read.Order!, shipmentId, settings, read.Now)));

    /// <summary>What a replay has read so far, for the values of the statements after it.</summary>
    private sealed class ReadState
    {
        public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;
        public OrderData? Order { get; set; }
        public Dictionary<Guid, ProductData> Products { get; } = [];
        public int UnpaidCount { get; set; }
        public long UnpaidSubtotal { get; set; }
        public long Number { get; set; }
    }

    private delegate Task<(Guid CustomerId, string Currency, Guid[] ProductIds, Func<OrderChange> Decide)> Parse(byte[] body, ReadState read);

    /// <summary>
    /// The shape every captured state change has, in one transaction: the idempotency claim (when a key is sent), the
    /// reads, the decision (taken when the first write needs a value), the writes and the idempotency record's response.
    /// </summary>
    private async Task ChangeAsync(HttpContext http, string name, Guid? orderId, int status, Parse parse)
    {
        var captured = Captured(name);
        var body = await Http.BodyAsync(http);
        var read = new ReadState();
        var caller = AuditCaller.Of(http);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var record = IdempotencyRecord.For(http, settings.Caller, key, body, settings.ResponseKey, read.Now);
        OrderChange? change = null;
        byte[]? response = null;
        string? location = null;
        try
        {
            var (customerId, currency, productIds, decide) = await parse(body, read);
            OrderChange Change()
            {
                if (change is null)
                {
                    change = decide();
                    RequireCapturedShape(captured, change);
                    if (read.Number != 0)
                    {
                        change.Order.Number = read.Number;
                    }
                }

                return change;
            }

            byte[] Response()
            {
                if (response is null)
                {
                    var order = Change().Order;
                    response = Http.Bytes(order.ToResponse(), WireJson.Web.OrderResponse);
                    location = status == 201 ? $"/api/v1/orders/{order.Id}" : null;
                    record.Complete(status, location, order.Version, response, settings.ResponseKey);
                }

                return response;
            }

            object? Value(ParameterSlot slot)
            {
                if (slot.Table == "idempotency_records")
                {
                    if (!slot.IsSelect && !slot.IsInsert && !slot.InWhere)
                    {
                        Response();
                    }

                    return record.Column(slot.Column, completed: !slot.IsSelect && !slot.IsInsert && !slot.InWhere);
                }

                if (change is null && slot.Table == "orders" && !slot.IsSelect && !slot.IsInsert && read.Order is { } claimed && slot.Column is "id" or "version")
                {
                    // The claim (UPDATE orders SET version ... WHERE version = read), sent before anything is decided.
                    return slot.Column == "id" ? claimed.Id : slot.InWhere ? claimed.Version - 1 : ++claimed.Version;
                }

                if (slot.IsSelect)
                {
                    return (slot.Table, slot.Column) switch
                    {
                        ("customers", "id") => customerId,
                        ("orders", "customer_id") => customerId,
                        ("orders", "currency") => currency,
                        ("orders", "id") => orderId!.Value,
                        ("products", "id") => productIds.Length > 0 ? productIds : [.. read.Order!.Lines.Select(l => l.ProductId).Distinct()],
                        _ => throw new InvalidOperationException($"No value for {slot}"),
                    };
                }

                return Change().Column(slot.Table, slot.Column, slot.Index, slot.InWhere, slot.IsInsert);
            }

            void Rows(ReplayStep step, NpgsqlDataReader row)
            {
                if (step.Sql.Contains("nextval(", StringComparison.Ordinal))
                {
                    read.Number = row.GetInt64(0);
                }
                else if (step.Sql.StartsWith("SELECT count(", StringComparison.Ordinal))
                {
                    // Ordo reads the unpaid count and subtotal in one statement (it used to be two).
                    read.UnpaidCount = row.GetInt32(0);
                    read.UnpaidSubtotal = row.FieldCount > 1 ? row.GetInt64(1) : read.UnpaidSubtotal;
                }
                else if (step.Sql.StartsWith("SELECT COALESCE(sum(", StringComparison.OrdinalIgnoreCase))
                {
                    read.UnpaidSubtotal = row.GetInt64(0);
                }
                else if (step.MainTable == "audit_chain_head")
                {
                    Change().Chain(row.GetInt64(0), row.GetString(1), caller);
                }
                else if (row.FieldCount == 1 || step.MainTable == "idempotency_records")
                {
                    // Row locks (SELECT id ... FOR UPDATE) and the idempotency look-up (keys are never reused here).
                }
                else if (step.MainTable == "products")
                {
                    var product = ProductData.Read(row);
                    read.Products[product.Id] = product;
                }
                else if (step.MainTable == "orders" && !step.Sql.StartsWith("UPDATE", StringComparison.Ordinal))
                {
                    read.Order = OrderData.Read(row);
                }
                else
                {
                    read.Order!.AddChild(step.MainTable, row);
                }
            }

            bool Skip(ReplayStep step) => step.MainTable == "shipment_lines" && step.Sql.StartsWith("SELECT", StringComparison.Ordinal) && read.Order?.Shipments.Count == 0;

            await _replay.RunAsync(captured, Value, Rows, Skip, http.RequestAborted);
            if (change is null)
            {
                await Http.ProblemAsync(http, 404, "not_found");
                return;
            }

            await Http.WriteBytesAsync(http, status, Response(), change.Order.Version, location);
        }
        catch (RefusedException refusal)
        {
            LogRefusal(logger, refusal.Status, refusal.Code);
            await Http.ProblemAsync(http, refusal.Status, refusal.Code);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.UniqueViolation)
        {
            LogDatabaseRefusal(logger, e.SqlState, e.MessageText);
            await Http.ProblemAsync(http, 409, "conflict");
        }
    }

    /// <summary>
    /// The captured statements write a fixed number of rows per table (three lines, three products...): a change with
    /// another count can't be replayed faithfully, so it is refused (500) instead of written in part.
    /// </summary>
    private static void RequireCapturedShape(CapturedSql captured, OrderChange change)
    {
        foreach (var step in captured.Steps.Where(s => s.Kind == ReplayStepKind.Command && !s.Sql.StartsWith("SELECT", StringComparison.Ordinal)))
        {
            foreach (var table in step.Slots!.Where(slot => !slot.IsSelect).GroupBy(slot => slot.Table))
            {
                var captures = table.Max(slot => slot.Index) + 1;
                if (change.RowCount(table.Key) is { } rows && rows != captures)
                {
                    throw new RefusedException(500, $"captured_{captured.Name}_writes_{captures}_{table.Key}_not_{rows}");
                }
            }
        }
    }

    /// <summary>Replays an order read (the order and its children), as GET does.</summary>
    private async Task<OrderData?> LoadOrderAsync(CapturedSql captured, Guid id, CancellationToken cancellationToken)
    {
        OrderData? order = null;
        await _replay.RunAsync(
            captured,
            _ => id,
            (step, row) =>
            {
                if (step.MainTable == "orders")
                {
                    order = row.FieldCount > 1 ? OrderData.Read(row) : order; // the version read again at the end
                }
                else
                {
                    order!.AddChild(step.MainTable, row);
                }
            },
            step => step.MainTable == "shipment_lines" && order?.Shipments.Count == 0,
            cancellationToken);
        return order;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused: {Status} {Code}")]
    private static partial void LogRefusal(ILogger logger, int status, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused a change: {SqlState} {Message}")]
    private static partial void LogDatabaseRefusal(ILogger logger, string sqlState, string message);
}
