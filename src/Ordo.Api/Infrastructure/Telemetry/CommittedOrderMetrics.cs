using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Telemetry;

/// <summary>
/// Counts orders placed, paid, cancelled and expired, revenue and refunds from the order timeline entries a save adds
/// (the same entries the domain events come from, so every path counts: HTTP, the expiry job, anything later), and
/// only once they have committed: a save inside a transaction is held until EF reports that transaction committed
/// and dropped if it rolls back or is abandoned; a save without one counts after it succeeded (it committed its own).
/// Counting after SaveChanges in a use case would count changes that the request's transaction
/// (<see cref="Idempotency.StateChange"/>) then rolls back.
/// </summary>
public sealed class CommittedOrderMetrics(OrdoMetrics metrics) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData?.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData?.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData);
        return Task.CompletedTask;
    }

    public InterceptionResult TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Forget(eventData);
        return result;
    }

    public ValueTask<InterceptionResult> TransactionRollingBackAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return ValueTask.FromResult(result);
    }

    private void Collect(DbContext? context)
    {
        // Generated demo history (the seeder) is no business done.
        if (context is not OrdoDbContext { DerivesEventsAndAudit: true })
        {
            return;
        }

        var measurements = new List<Action<OrdoMetrics>>();
        Dictionary<Guid, string>? currencies = null;
        foreach (var entry in context.ChangeTracker.Entries<OrderEvent>().Where(e => e.State == EntityState.Added))
        {
            var timeline = entry.Entity;
            currencies ??= context.ChangeTracker.Entries<Order>().ToDictionary(o => o.Entity.Id, o => o.Entity.Currency);
            var currency = currencies.GetValueOrDefault(timeline.OrderId);
            if (currency is null)
            {
                continue;
            }

            Action<OrdoMetrics>? measurement = timeline.Type switch
            {
                OrderEventTypes.Placed => m => m.OrderPlaced(currency),
                OrderEventTypes.Paid => Amount(timeline, currency) is { } paid ? m => m.OrderPaid(paid) : null,
                OrderEventTypes.Cancelled => m => m.OrderCancelled(currency),
                OrderEventTypes.Expired => m => m.OrderExpired(currency),
                OrderEventTypes.Refunded => Amount(timeline, currency) is { } refund ? m => m.Refunded(refund) : null,
                _ => null,
            };
            if (measurement is not null)
            {
                measurements.Add(measurement);
            }
        }

        var pending = _pending.GetOrCreateValue(context);
        lock (pending)
        {
            pending.Saving = measurements;
            pending.SavingIn = context.Database.CurrentTransaction?.TransactionId;
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        List<Action<OrdoMetrics>> commitNow = [];
        lock (pending)
        {
            if (pending.SavingIn is { } transactionId && context.Database.CurrentTransaction?.TransactionId == transactionId)
            {
                pending.Held.Add((transactionId, pending.Saving));
            }
            else
            {
                commitNow = pending.Saving;
            }

            pending.Saving = [];
            pending.SavingIn = null;
        }

        Record(commitNow);
    }

    private void Discard(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            lock (pending)
            {
                pending.Saving = [];
                pending.SavingIn = null;
            }
        }
    }

    private void Committed(TransactionEndEventData? eventData)
    {
        if (eventData?.Context is not { } context || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        List<Action<OrdoMetrics>> committed;
        lock (pending)
        {
            committed = [.. pending.Held.Where(h => h.TransactionId == eventData.TransactionId).SelectMany(h => h.Measurements)];
            // Whatever another transaction of this context held never committed (it was rolled back or abandoned).
            pending.Held.Clear();
        }

        Record(committed);
    }

    private void Forget(TransactionEventData? eventData)
    {
        if (eventData?.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            lock (pending)
            {
                pending.Held.RemoveAll(h => h.TransactionId == eventData.TransactionId);
            }
        }
    }

    private void Record(List<Action<OrdoMetrics>> measurements)
    {
        foreach (var measurement in measurements)
        {
            measurement(metrics);
        }
    }

    private static Money? Amount(OrderEvent timeline, string currency) =>
        timeline.Data.TryGetValue("amount", out var minor) && long.TryParse(minor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var amount)
            ? new Money(amount, currency)
            : null;

    private sealed class Pending
    {
        public List<Action<OrdoMetrics>> Saving { get; set; } = [];

        public Guid? SavingIn { get; set; }

        public List<(Guid TransactionId, List<Action<OrdoMetrics>> Measurements)> Held { get; } = [];
    }
}
