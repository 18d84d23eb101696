using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Ordo.Domain.Products;
using ZiggyCreatures.Caching.Fusion;

namespace Ordo.Api.Infrastructure.SharedState;

/// <summary>
/// Drops a product's cached read whenever a save adds, changes or deletes it, whoever saved it (an edit, a stock
/// adjustment, an order that reserves, releases or ships stock): once the change is committed, not before, so no
/// request reading in between can cache the old row again; a read that fetched the old row just before the commit is
/// not cached either (<see cref="CacheEvictions"/>). The eviction reaches other instances through the cache's backplane.
/// </summary>
public sealed partial class CatalogueCacheInvalidation(IFusionCache cache, CacheEvictions evictions, ILogger<CatalogueCacheInvalidation> logger)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, HashSet<Guid>> _pending = [];

    public static string ProductKey(Guid id) => $"product:{id}";

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await FlushUnlessInTransactionAsync(eventData.Context);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        FlushUnlessInTransactionAsync(eventData.Context).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        FlushUnlessInTransactionAsync(eventData.Context).AsTask();

    public void SaveChangesFailed(DbContextErrorEventData eventData) =>
        FlushUnlessInTransactionAsync(eventData.Context).AsTask().GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        FlushAsync(eventData.Context).AsTask();

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        FlushAsync(eventData.Context).AsTask().GetAwaiter().GetResult();

    // A rolled-back change left the rows as they were: the cached reads are still right, but dropping them costs
    // only a re-read, and forgetting the ids keeps a reused context from carrying them into its next transaction.
    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        FlushAsync(eventData.Context).AsTask();

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        FlushAsync(eventData.Context).AsTask().GetAwaiter().GetResult();

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var changed = context.ChangeTracker.Entries<Product>()
            .Where(entry => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(entry => entry.Entity.Id)
            .ToList();
        if (changed.Count > 0)
        {
            var pending = _pending.GetOrCreateValue(context);
            lock (pending)
            {
                pending.UnionWith(changed);
            }
        }
    }

    private ValueTask FlushUnlessInTransactionAsync(DbContext? context) =>
        context?.Database.CurrentTransaction is null ? FlushAsync(context) : ValueTask.CompletedTask;

    private async ValueTask FlushAsync(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        Guid[] ids;
        lock (pending)
        {
            ids = [.. pending];
            pending.Clear();
        }

        if (ids.Length == 0)
        {
            return; // nothing to evict: counting an eviction would only keep concurrent reads out of the cache
        }

        evictions.Note();
        try
        {
            foreach (var id in ids)
            {
                await cache.RemoveAsync(ProductKey(id));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The change is committed: failing now would report a success as an error. The entries expire anyway.
            LogEvictionFailed(logger, exception, ids.Length);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not evict {Count} cached product(s) after a commit; they expire within the cache lifetime")]
    private static partial void LogEvictionFailed(ILogger logger, Exception exception, int count);
}
