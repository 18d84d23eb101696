using Ordo.Domain.Common;
using Ordo.Domain.Products;

namespace Ordo.Domain.Orders;

/// <summary>
/// What an order does to stock: <see cref="Order.Place"/> reserves nothing, the caller then reserves the order's lines
/// here (and releases them when it is cancelled or expires, or ships them), applied through <see cref="Product"/>'s own methods so the stock rule has one home.
/// The caller passes the order's products as it holds them for change: the service row-locks them for the rest of
/// its transaction before calling, the demo seeder keeps them in memory. Each method returns the movements to store
/// with the products, in product-id order.
/// </summary>
public static class StockReservations
{
    /// <summary>Reserves every line of a newly placed order, or nothing: when lines lack stock, the one error names each of them.</summary>
    public static Result<IReadOnlyList<StockMovement>> Reserve(Order order, IReadOnlyDictionary<Guid, Product> products, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(products);
        var lines = order.Lines.OrderBy(l => l.ProductId).ToList();
        var shortfalls = lines.Select(l => products[l.ProductId].ShortfallFor(l.Quantity)).OfType<StockShortfall>().ToList();
        if (shortfalls.Count > 0)
        {
            return ProductErrors.InsufficientStock(shortfalls);
        }

        return lines.Select(l => Applied(products[l.ProductId].Reserve(l.Quantity, order.Id, now))).ToList();
    }

    /// <summary>Gives back what a cancelled or expired order still holds: the unshipped units of every line.</summary>
    public static IReadOnlyList<StockMovement> Release(Order order, IReadOnlyDictionary<Guid, Product> products, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(products);
        return [.. order.Lines
            .Where(l => l.UnshippedQuantity > 0)
            .OrderBy(l => l.ProductId)
            .Select(l => Applied(products[l.ProductId].Release(l.UnshippedQuantity, order.Id, now)))];
    }

    /// <summary>The units of one parcel leave the warehouse: off on hand and off the reservation.</summary>
    public static IReadOnlyList<StockMovement> Ship(Order order, Shipment shipment, IReadOnlyDictionary<Guid, Product> products, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shipment);
        ArgumentNullException.ThrowIfNull(products);
        return [.. shipment.Lines
            .Select(shipped => (order.Lines.Single(l => l.Id == shipped.OrderLineId).ProductId, shipped.Quantity))
            .OrderBy(line => line.ProductId)
            .Select(line => Applied(products[line.ProductId].Ship(line.Quantity, order.Id, now)))];
    }

    /// <summary>The product ids whose rows an order's stock effects change.</summary>
    public static IEnumerable<Guid> ProductsOf(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Lines.Select(l => l.ProductId).Distinct();
    }

    // Reservations were checked above; releases and shipments consume units the order holds. A refusal here means
    // the counters and the orders disagree: a broken ledger, not an expected failure.
    private static StockMovement Applied(Result<StockMovement> moved) => moved.IsSuccess
        ? moved.Value
        : throw new InvalidOperationException($"Stock is inconsistent with the order holding it: {moved.Error.Code}: {moved.Error.Message}");
}
