using Microsoft.EntityFrameworkCore;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>
/// Stock effects of order changes, as atomic conditional UPDATEs (never read-then-write): a reservation succeeds only
/// if the row still has the units available when the database applies it, so concurrent orders can't oversell.
/// Each effect also appends its stock movement. Runs inside the request's transaction.
/// </summary>
internal static class OrderStock
{
    /// <summary>Reserves every line or reports the SKUs that lack stock (the caller rolls the transaction back).</summary>
    public static async Task<IReadOnlyList<string>> ReserveAsync(OrdoDbContext db, Order order, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var shortSkus = new List<string>();
        // A fixed lock order (by product id) keeps concurrent multi-line orders from deadlocking on PostgreSQL.
        foreach (var line in order.Lines.OrderBy(l => l.ProductId))
        {
            var quantity = line.Quantity;
            var reserved = await db.Products
                .Where(p => p.Id == line.ProductId && p.Status == ProductStatus.Active && p.StockOnHand - p.StockReserved >= quantity)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(p => p.StockReserved, p => p.StockReserved + quantity)
                        .SetProperty(p => p.UpdatedAt, now)
                        .SetProperty(p => EF.Property<long>(p, Versioning.Property), p => EF.Property<long>(p, Versioning.Property) + 1),
                    cancellationToken);
            if (reserved == 0)
            {
                shortSkus.Add(line.Sku.Value);
                continue;
            }

            db.StockMovements.Add(StockMovement.Record(line.ProductId, StockMovementKind.Reservation, quantity, null, order.Id, now));
        }

        return shortSkus;
    }

    /// <summary>Gives back what the order still holds (cancel, expiry): the unshipped units of every line.</summary>
    public static async Task ReleaseAsync(OrdoDbContext db, Order order, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var line in order.Lines.Where(l => l.UnshippedQuantity > 0).OrderBy(l => l.ProductId))
        {
            var quantity = line.UnshippedQuantity;
            await ApplyAsync(db, line.ProductId, onHandDelta: 0, reservedDelta: -quantity, now, cancellationToken);
            db.StockMovements.Add(StockMovement.Record(line.ProductId, StockMovementKind.Release, -quantity, null, order.Id, now));
        }
    }

    /// <summary>Shipped units leave the warehouse: they come off both on hand and reserved.</summary>
    public static async Task ShipAsync(OrdoDbContext db, Order order, Shipment shipment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Same lock order as reservations (by product id), so shipping can't deadlock with placing orders.
        var byProduct = shipment.Lines
            .Select(shipped => (ProductId: order.Lines.Single(l => l.Id == shipped.OrderLineId).ProductId, shipped.Quantity))
            .OrderBy(line => line.ProductId);
        foreach (var (productId, quantity) in byProduct)
        {
            await ApplyAsync(db, productId, onHandDelta: -quantity, reservedDelta: -quantity, now, cancellationToken);
            db.StockMovements.Add(StockMovement.Record(productId, StockMovementKind.Shipment, -quantity, null, order.Id, now));
        }
    }

    private static async Task ApplyAsync(OrdoDbContext db, Guid productId, int onHandDelta, int reservedDelta, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var updated = await db.Products
            .Where(p => p.Id == productId && p.StockReserved + reservedDelta >= 0 && p.StockOnHand + onHandDelta >= p.StockReserved + reservedDelta)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(p => p.StockOnHand, p => p.StockOnHand + onHandDelta)
                    .SetProperty(p => p.StockReserved, p => p.StockReserved + reservedDelta)
                    .SetProperty(p => p.UpdatedAt, now)
                    .SetProperty(p => EF.Property<long>(p, Versioning.Property), p => EF.Property<long>(p, Versioning.Property) + 1),
                cancellationToken);
        if (updated != 1)
        {
            // The order held these units; a counter that can't give them back means the ledger is broken.
            throw new InvalidOperationException($"Stock of product {productId} is inconsistent with the order holding it.");
        }
    }
}
