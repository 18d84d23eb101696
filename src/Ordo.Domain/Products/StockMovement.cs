namespace Ordo.Domain.Products;

public enum StockMovementKind
{
    /// <summary>Goods arrived: on hand +Quantity.</summary>
    Receipt,

    /// <summary>Stock count correction: on hand ±Quantity.</summary>
    Adjustment,

    /// <summary>Promised to an order: reserved +Quantity.</summary>
    Reservation,

    /// <summary>An order gave up its promise: reserved −|Quantity|.</summary>
    Release,

    /// <summary>Left the warehouse for an order: on hand and reserved −|Quantity|.</summary>
    Shipment,
}

/// <summary>
/// One immutable line of a product's stock ledger. Quantity is signed: positive adds to the counter the kind
/// affects, negative removes from it. Reason is required for manual movements (receipts, adjustments) and absent for
/// order-driven ones, where <see cref="OrderId"/> is the explanation.
/// </summary>
public sealed class StockMovement
{
    /// <summary>The reason recorded on the receipt of a new product's initial stock.</summary>
    public const string InitialStockReason = "Initial stock";

    private StockMovement()
    {
    }

    public Guid Id { get; private set; }

    public Guid ProductId { get; private set; }

    public StockMovementKind Kind { get; private set; }

    public int Quantity { get; private set; }

    public string? Reason { get; private set; }

    public Guid? OrderId { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>Public so persistence can record the movement of an atomic SQL reservation it performed itself.</summary>
    public static StockMovement Record(
        Guid productId,
        StockMovementKind kind,
        int quantity,
        string? reason,
        Guid? orderId,
        DateTimeOffset now) => new()
        {
            Id = Guid.CreateVersion7(now),
            ProductId = productId,
            Kind = kind,
            Quantity = quantity,
            Reason = reason,
            OrderId = orderId,
            OccurredAt = now,
        };
}
