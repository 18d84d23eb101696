using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Ordo.Domain.Customers;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using Ordo.Persistence;
using Ordo.Persistence.Outbox;

namespace Ordo.Api.Infrastructure.Messaging;

/// <summary>
/// Derives the domain events from what a save changes and adds them to the outbox in the same save, so every path that
/// changes an order, a product or a customer (HTTP, the expiry job, anything later) emits them, and they commit or roll
/// back with the change:
/// <list type="bullet">
/// <item>each new order timeline entry of a published type (<see cref="DomainEvents.Types"/>) becomes that event;</item>
/// <item>a new customer becomes <c>customer.created</c>;</item>
/// <item>a product whose available stock drops from at least <see cref="OutboxOptions.StockLowThreshold"/> to below it
/// becomes <c>product.stock_low</c> (once per crossing, not on every movement below the line).</item>
/// </list>
/// </summary>
public sealed class DomainEventRecorder(IOptions<OutboxOptions> options, TimeProvider time) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Record(DbContext? context)
    {
        if (context is not OrdoDbContext { DerivesEventsAndAudit: true } db)
        {
            return;
        }

        db.ChangeTracker.DetectChanges();

        // A save that failed and is tried again (same tracked changes) records its events afresh, not twice.
        foreach (var stale in db.ChangeTracker.Entries<OutboxMessage>().Where(m => m.State == EntityState.Added && DomainEvents.IsPublished(m.Entity.Type)).ToList())
        {
            stale.State = EntityState.Detached;
        }

        var threshold = options.Value.StockLowThreshold;
        var now = time.GetUtcNow();
        var events = new List<(OutboxMessage Message, int Sequence)>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case OrderEvent timeline when entry.State == EntityState.Added && DomainEvents.IsPublished(timeline.Type):
                    var order = db.ChangeTracker.Entries<Order>().Select(o => o.Entity).Single(o => o.Id == timeline.OrderId);
                    events.Add((DomainEvents.ForOrder(order, timeline), timeline.Sequence));
                    break;
                case Customer customer when entry.State == EntityState.Added:
                    events.Add((DomainEvents.ForCustomerCreated(customer), 0));
                    break;
                case Product product when entry.State == EntityState.Modified && threshold > 0:
                    var before = (int)entry.Property(nameof(Product.StockOnHand)).OriginalValue! - (int)entry.Property(nameof(Product.StockReserved)).OriginalValue!;
                    if (before >= threshold && product.StockAvailable < threshold)
                    {
                        events.Add((DomainEvents.ForStockLow(product, threshold, now), 0));
                    }

                    break;
                default:
                    break;
            }
        }

        // Added in the timeline's sequence: EF inserts added rows in the order they were added, and the positions the
        // database hands out follow, so one order's events of one save keep their order.
        db.OutboxMessages.AddRange(events.OrderBy(e => e.Message.OccurredAt).ThenBy(e => e.Sequence).Select(e => e.Message));
    }
}
