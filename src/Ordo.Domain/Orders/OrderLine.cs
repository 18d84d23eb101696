using Ordo.Domain.Common;
using Ordo.Domain.Products;

namespace Ordo.Domain.Orders;

/// <summary>One product on an order. Sku, name and price are copied at ordering so later catalogue edits don't rewrite history.</summary>
public sealed class OrderLine
{
    private OrderLine()
    {
    }

    internal OrderLine(NewOrderLine line, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        ProductId = line.ProductId;
        Sku = line.Sku;
        ProductName = line.ProductName;
        UnitPrice = line.UnitPrice;
        Quantity = line.Quantity;
    }

    public Guid Id { get; private set; }

    public Guid ProductId { get; private set; }

    public Sku Sku { get; private set; } = null!;

    public string ProductName { get; private set; } = null!;

    public Money UnitPrice { get; private set; }

    public int Quantity { get; private set; }

    public int ShippedQuantity { get; private set; }

    public int UnshippedQuantity => Quantity - ShippedQuantity;

    public Money LineTotal => UnitPrice.Multiply(Quantity);

    internal void RecordShipped(int quantity) => ShippedQuantity += quantity;
}
