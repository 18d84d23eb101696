using System.Data.Common;

namespace Ordo.Bench.Baseline;

/// <summary>An order as the database holds it: one row of <c>orders</c> and its child rows.</summary>
public sealed class OrderData
{
    public Guid Id { get; set; }
    public long Number { get; set; }
    public Guid CustomerId { get; set; }
    public string Currency { get; set; } = "";
    public string Status { get; set; } = "";
    public string PaymentStatus { get; set; } = "";
    public string FulfilmentStatus { get; set; } = "";
    public string? PaymentReference { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public int EventCount { get; set; }
    public long Version { get; set; }
    public long Subtotal { get; set; }
    public long ShippingFee { get; set; }
    public long Total { get; set; }
    public long AmountPaid { get; set; }
    public long AmountRefunded { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset PaymentDueAt { get; set; }
    public List<LineData> Lines { get; } = [];
    public List<ShipmentData> Shipments { get; } = [];
    public List<RefundData> Refunds { get; } = [];

    /// <summary>Reads the columns of <c>orders</c> by name (whatever else the row carries).</summary>
    public static OrderData Read(DbDataReader row) => new()
    {
        Id = row.GetGuid(row.GetOrdinal("id")),
        Number = row.GetInt64(row.GetOrdinal("number")),
        CustomerId = row.GetGuid(row.GetOrdinal("customer_id")),
        Currency = row.GetString(row.GetOrdinal("currency")),
        Status = row.GetString(row.GetOrdinal("status")),
        PaymentStatus = row.GetString(row.GetOrdinal("payment_status")),
        FulfilmentStatus = row.GetString(row.GetOrdinal("fulfilment_status")),
        PaymentReference = row.IsDBNull(row.GetOrdinal("payment_reference")) ? null : row.GetString(row.GetOrdinal("payment_reference")),
        EventCount = HasColumn(row, "event_count") ? row.GetInt32(row.GetOrdinal("event_count")) : 0, // only the writes need it
        Version = row.GetInt64(row.GetOrdinal("version")),
        Subtotal = row.GetInt64(row.GetOrdinal("subtotal_amount")),
        ShippingFee = row.GetInt64(row.GetOrdinal("shipping_fee_amount")),
        Total = row.GetInt64(row.GetOrdinal("total_amount")),
        AmountPaid = row.GetInt64(row.GetOrdinal("amount_paid_amount")),
        AmountRefunded = row.GetInt64(row.GetOrdinal("amount_refunded_amount")),
        CreatedAt = row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("created_at")),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("updated_at")),
        PaymentDueAt = row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("payment_due_at")),
        Metadata = MetadataOf(row),
    };

    /// <summary>The <c>metadata</c> column (a JSON object), where the query read it; the writes start with none.</summary>
    public static Dictionary<string, string> MetadataOf(DbDataReader row) =>
        HasColumn(row, "metadata")
            ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString(row.GetOrdinal("metadata")))!
            : [];

    internal static bool HasColumn(DbDataReader row, string name)
    {
        for (var i = 0; i < row.FieldCount; i++)
        {
            if (row.GetName(i) == name)
            {
                return true;
            }
        }

        return false;
    }

    public static OrderSummaryResponse Summary(DbDataReader row)
    {
        var status = row.GetString(row.GetOrdinal("status"));
        var payment = row.GetString(row.GetOrdinal("payment_status"));
        var fulfilment = row.GetString(row.GetOrdinal("fulfilment_status"));
        var currency = row.GetString(row.GetOrdinal("total_currency"));
        return new OrderSummaryResponse(
            row.GetGuid(row.GetOrdinal("id")),
            FormatNumber(row.GetInt64(row.GetOrdinal("number"))),
            row.GetGuid(row.GetOrdinal("customer_id")),
            status,
            payment,
            fulfilment,
            AllowedActions.Of(status, payment, fulfilment),
            new MoneyDto(row.GetInt64(row.GetOrdinal("total_amount")), currency),
            row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("created_at")),
            row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("updated_at")));
    }

    public static string FormatNumber(long number) => $"ORD-{number:D6}";

    public OrderResponse ToResponse()
    {
        MoneyDto Money(long amount) => new(amount, Currency);
        Lines.Sort((a, b) => string.CompareOrdinal(a.Sku, b.Sku));
        Shipments.Sort((a, b) => a.ShippedAt != b.ShippedAt ? a.ShippedAt.CompareTo(b.ShippedAt) : a.Id.CompareTo(b.Id));
        Refunds.Sort((a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.Id.CompareTo(b.Id));
        return new OrderResponse(
            Id,
            FormatNumber(Number),
            CustomerId,
            Currency,
            Status,
            PaymentStatus,
            FulfilmentStatus,
            AllowedActions.Of(Status, PaymentStatus, FulfilmentStatus),
            [.. Lines.Select(l => new OrderLineResponse(
                l.Id, l.ProductId, l.Sku, l.ProductName, Money(l.UnitPrice), l.Quantity, l.ShippedQuantity, Money(l.UnitPrice * l.Quantity)))],
            Money(Subtotal),
            Money(ShippingFee),
            Money(Total),
            Money(AmountPaid),
            Money(AmountRefunded),
            PaymentReference,
            null, // the benchmark places its orders without addresses (decrypting them would be Ordo's work, not SQL's)
            null,
            Metadata,
            [.. Shipments.Select(s => new ShipmentResponse(
                s.Id, s.Carrier, s.TrackingNumber, s.ShippedAt, s.DeliveredAt,
                [.. s.Lines.OrderBy(l => l.OrderLineId).Select(l => new ShipmentLineResponse(l.OrderLineId, l.Quantity))]))],
            [.. Refunds.Select(r => new RefundResponse(r.Id, Money(r.Amount), r.Reason, r.Actor, r.CreatedAt))],
            CreatedAt,
            UpdatedAt,
            PaymentDueAt);
    }

    /// <summary>Adds a child row read from any of the child tables, told apart by <paramref name="table"/>.</summary>
    public void AddChild(string table, DbDataReader row)
    {
        switch (table)
        {
            case "order_lines":
                Lines.Add(new LineData
                {
                    Id = row.GetGuid(row.GetOrdinal("id")),
                    ProductId = row.GetGuid(row.GetOrdinal("product_id")),
                    Sku = row.GetString(row.GetOrdinal("sku")),
                    ProductName = row.GetString(row.GetOrdinal("product_name")),
                    UnitPrice = row.GetInt64(row.GetOrdinal("unit_price_amount")),
                    Quantity = row.GetInt32(row.GetOrdinal("quantity")),
                    ShippedQuantity = row.GetInt32(row.GetOrdinal("shipped_quantity")),
                });
                break;
            case "refunds":
                Refunds.Add(new RefundData
                {
                    Id = row.GetGuid(row.GetOrdinal("id")),
                    Amount = row.GetInt64(row.GetOrdinal("amount_amount")),
                    Reason = row.GetString(row.GetOrdinal("reason")),
                    Actor = row.GetString(row.GetOrdinal("actor")),
                    CreatedAt = row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("created_at")),
                });
                break;
            case "shipments":
                Shipments.Add(new ShipmentData
                {
                    Id = row.GetGuid(row.GetOrdinal("id")),
                    Carrier = row.GetString(row.GetOrdinal("carrier")),
                    TrackingNumber = row.GetString(row.GetOrdinal("tracking_number")),
                    ShippedAt = row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("shipped_at")),
                    DeliveredAt = row.IsDBNull(row.GetOrdinal("delivered_at")) ? null : row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("delivered_at")),
                });
                break;
            case "shipment_lines":
                var shipmentId = row.GetGuid(row.GetOrdinal("shipment_id"));
                Shipments.Find(s => s.Id == shipmentId)?.Lines.Add(
                    new ShipmentLineData(row.GetGuid(row.GetOrdinal("order_line_id")), row.GetInt32(row.GetOrdinal("quantity"))));
                break;
            default:
                throw new InvalidOperationException($"Unexpected table {table} in an order read.");
        }
    }
}

public sealed class LineData
{
    public Guid Id { get; set; }
    public Guid ProductId { get; set; }
    public string Sku { get; set; } = "";
    public string ProductName { get; set; } = "";
    public long UnitPrice { get; set; }
    public int Quantity { get; set; }
    public int ShippedQuantity { get; set; }
}

public sealed class ShipmentData
{
    public Guid Id { get; set; }
    public string Carrier { get; set; } = "";
    public string TrackingNumber { get; set; } = "";
    public DateTimeOffset ShippedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public List<ShipmentLineData> Lines { get; } = [];
}

public sealed record ShipmentLineData(Guid OrderLineId, int Quantity);

public sealed class RefundData
{
    public Guid Id { get; set; }
    public long Amount { get; set; }
    public string? Reason { get; set; }
    public string? Actor { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A row of <c>products</c>.</summary>
public sealed class ProductData
{
    public Guid Id { get; set; }
    public string Sku { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string Status { get; set; } = "";
    public int StockOnHand { get; set; }
    public int StockReserved { get; set; }
    public long UnitPrice { get; set; }
    public string Currency { get; set; } = "";
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public static ProductData Read(DbDataReader row) => new()
    {
        Id = row.GetGuid(row.GetOrdinal("id")),
        Sku = row.GetString(row.GetOrdinal("sku")),
        Name = row.GetString(row.GetOrdinal("name")),
        Description = row.IsDBNull(row.GetOrdinal("description")) ? null : row.GetString(row.GetOrdinal("description")),
        Status = row.GetString(row.GetOrdinal("status")),
        StockOnHand = row.GetInt32(row.GetOrdinal("stock_on_hand")),
        StockReserved = row.GetInt32(row.GetOrdinal("stock_reserved")),
        UnitPrice = row.GetInt64(row.GetOrdinal("unit_price_amount")),
        Currency = row.GetString(row.GetOrdinal("unit_price_currency")),
        Version = row.GetInt64(row.GetOrdinal("version")),
        CreatedAt = row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("created_at")),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(row.GetOrdinal("updated_at")),
        Metadata = OrderData.MetadataOf(row),
    };

    public ProductResponse ToResponse() => new(
        Id, Sku, Name, Description, new MoneyDto(UnitPrice, Currency), Status, StockOnHand, StockReserved, StockOnHand - StockReserved,
        Metadata, CreatedAt, UpdatedAt);
}
