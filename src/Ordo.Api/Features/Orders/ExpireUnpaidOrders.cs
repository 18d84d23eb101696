using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>
/// Expires pending orders whose payment deadline (<see cref="Order.PaymentDueAt"/>, fixed at placement, the same one
/// <see cref="Order.Pay"/> refuses from) has passed, releasing their stock. A scheduled job (<see cref="JobName"/>, every
/// <see cref="OrderOptions.ExpirySweepInterval"/>), so one instance sweeps per interval; each order is still expired in
/// its own transaction that first claims the order's version, so a payment arriving meanwhile, or a sweep taken over
/// from an instance that died, is safe: one wins, the other skips.
/// </summary>
public sealed partial class ExpireUnpaidOrders(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<ExpireUnpaidOrders> logger) : IScheduledJob
{
    public const string JobName = "orders.expire-unpaid";

    private const int BatchSize = 100;

    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        var expired = await ExpireAllDueAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $$"""{"expired":{{expired}}}""");
    }

    /// <summary>
    /// Expires every order due now, a batch at a time, so that the job keeps up however fast orders are placed (one
    /// batch per sweep released at most 100 orders a minute). Orders that could not be expired (paid meanwhile, or
    /// failing) are passed over for the rest of the sweep, so however many keep failing, the others behind them expire.
    /// </summary>
    public async Task<int> ExpireAllDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var passedOver = new List<Guid>();
        var total = 0;
        int found;
        do
        {
            var (due, expired) = await ExpireBatchAsync(now, passedOver, cancellationToken);
            found = due.Count;
            total += expired.Count;
            passedOver.AddRange(due.Except(expired));
        }
        while (found == BatchSize);

        if (total > 0)
        {
            LogExpired(logger, total);
        }

        return total;
    }

    private async Task<(List<Guid> Due, List<Guid> Expired)> ExpireBatchAsync(DateTimeOffset now, List<Guid> passedOver, CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            due = await db.Orders.IgnoreAutoIncludes()
                .Where(o => o.Status == OrderStatus.Pending && o.PaymentDueAt <= now && !passedOver.Contains(o.Id))
                .OrderBy(o => o.PaymentDueAt)
                .Select(o => o.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
        }

        var expired = new List<Guid>();
        foreach (var id in due)
        {
            try
            {
                if (await ExpireAsync(id, cancellationToken))
                {
                    expired.Add(id);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One broken order must not stop the others from expiring.
                LogOrderFailed(logger, ex, id);
            }
        }

        return (due, expired);
    }

    /// <summary>
    /// The use case: expires one unpaid order whose payment window has closed and releases its stock, in the caller's
    /// transaction. The order is claimed first, so a concurrent payment or another instance makes this fail with
    /// <see cref="DbUpdateConcurrencyException"/>; an order paid or cancelled meanwhile answers the domain's refusal.
    /// </summary>
    public static async Task<Result> ExpireOrderAsync(Guid id, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var order = await db.FindOrderAsync(id, cancellationToken);
        var now = time.GetUtcNow();
        if (order is null)
        {
            return HttpErrors.NotFoundWithId("order");
        }

        await db.ClaimAsync(order, cancellationToken);
        var expired = order.Expire(Order.ExpiryActor, now);
        if (expired.IsFailure)
        {
            return expired;
        }

        db.StockMovements.AddRange(StockReservations.Release(order, await OrderRowLocks.LockProductsAsync(db, StockReservations.ProductsOf(order), cancellationToken), now));
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    private async Task<bool> ExpireAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if ((await ExpireOrderAsync(id, db, time, cancellationToken)).IsFailure)
            {
                return false; // gone, or paid or cancelled meanwhile
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // another instance or a payment got there first
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} unpaid order(s) and released their stock")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not expire order {OrderId}; skipping it")]
    private static partial void LogOrderFailed(ILogger logger, Exception exception, Guid orderId);
}
