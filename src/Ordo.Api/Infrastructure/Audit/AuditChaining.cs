using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using Ordo.Persistence;
using Ordo.Persistence.Audit;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>
/// Chains the audit entries a save is about to insert, as late as possible in the transaction so the chain's lock is
/// held briefly (a state-changing request holds them back to just before its commit, <see cref="DeferUntilCommit"/>):
/// one <c>UPDATE audit_chain_head … RETURNING</c> reserves their sequence numbers and reads the head hash
/// (on PostgreSQL it locks the head row, on SQLite it takes the write lock, until the transaction ends, so writers take
/// turns and the chain can't fork); the entries get their hashes and the head its new hash, written in the same batch
/// as the entries. A save outside any transaction gets one of its own, committed when the save succeeded.
/// <para>
/// It also derives the entries that other records already describe, in one place: every order timeline event
/// (placed, paid, refunded, cancelled, shipped, delivered, completed, expired) and every manual stock movement.
/// </para>
/// </summary>
public sealed class AuditChaining(IHttpContextAccessor http, TimeProvider time) : ISaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, IDbContextTransaction> _ownTransactions = [];
    private readonly ConditionalWeakTable<object, object> _derived = [];
    private readonly ConditionalWeakTable<OrdoUser, StrongBox<bool>> _derivedMfa = [];
    private readonly ConditionalWeakTable<DbContext, List<AuditEntry>> _deferred = [];

    /// <summary>
    /// From now on, the entries <paramref name="db"/>'s saves would insert are held back until <see cref="ReleaseDeferred"/>,
    /// for a caller that owns the transaction and saves them last, just before its commit: the chain's lock is then held
    /// for that save and the commit, and the change's own rows are written without it.
    /// </summary>
    public void DeferUntilCommit(DbContext db) => _deferred.AddOrUpdate(db, []);

    /// <summary>Drops what was held back (the transaction rolled back) and chains later saves at once again.</summary>
    public void StopDeferring(DbContext db) => _deferred.Remove(db);

    /// <summary>
    /// Hands the entries held back since <see cref="DeferUntilCommit"/> to <paramref name="db"/> again, so that its next
    /// save chains and inserts them; saves chain at once again from now on. Returns how many there are.
    /// </summary>
    public int ReleaseDeferred(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!_deferred.TryGetValue(db, out var held))
        {
            return 0;
        }

        _deferred.Remove(db);
        db.Set<AuditEntry>().AddRange(held);
        return held.Count;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is OrdoDbContext db)
        {
            await ChainAsync(db, cancellationToken);
        }

        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is OrdoDbContext db)
        {
            ChainAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _ownTransactions.TryGetValue(context, out var transaction))
        {
            _ownTransactions.Remove(context);
            await using (transaction)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }

        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } context)
        {
            return;
        }

        // The reserved sequence numbers went back with the rollback (or will with the caller's): chain again next time.
        foreach (var entry in context.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added))
        {
            entry.Entity.Hash = null!;
        }

        if (_ownTransactions.TryGetValue(context, out var transaction))
        {
            _ownTransactions.Remove(context);
            await using (transaction)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) =>
        SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    private async Task ChainAsync(OrdoDbContext db, CancellationToken cancellationToken)
    {
        if (db.DerivesEventsAndAudit)
        {
            Derive(db);
        }

        var pending = db.ChangeTracker.Entries<AuditEntry>()
            .Where(entry => entry.State == EntityState.Added && entry.Entity.Hash is null)
            .Select(entry => entry.Entity)
            .ToList();
        if (pending.Count == 0)
        {
            return;
        }

        if (_deferred.TryGetValue(db, out var held))
        {
            foreach (var entry in pending)
            {
                db.Entry(entry).State = EntityState.Detached;
            }

            held.AddRange(pending);
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            _ownTransactions.AddOrUpdate(db, await db.Database.BeginTransactionAsync(cancellationToken));
        }

        var count = (long)pending.Count;
        var head = (await db.Database.SqlQuery<ChainHeadRow>(
                $"UPDATE audit_chain_head SET sequence = sequence + {count} WHERE id = 1 RETURNING sequence AS \"Sequence\", hash AS \"Hash\"")
            .ToListAsync(cancellationToken)).Single();
        var sequence = head.Sequence - count;
        var previous = head.Hash;
        foreach (var entry in pending)
        {
            entry.Sequence = ++sequence;
            entry.OccurredAt = AuditChain.Stored(entry.OccurredAt);
            entry.PreviousHash = previous;
            entry.Hash = AuditChain.HashOf(previous, entry);
            previous = entry.Hash;
        }

        var tracked = db.ChangeTracker.Entries<AuditChainHead>().FirstOrDefault();
        if (tracked is null)
        {
            tracked = db.Attach(new AuditChainHead { Id = AuditChainHead.SingleRowId, Sequence = head.Sequence, Hash = previous });
        }
        else
        {
            tracked.Entity.Sequence = head.Sequence;
            tracked.Entity.Hash = previous;
            tracked.Property(h => h.Sequence).OriginalValue = head.Sequence;
        }

        tracked.Property(h => h.Hash).IsModified = true;
    }

    // Timeline values the audit trail keeps in clear: amounts, currencies, ids. The rest is the caller's free text
    // (a refund's reason, a payment's external reference, a tracking number), which may name or locate a person and
    // stays on the order; the entry records that it was given, masked.
    private static readonly HashSet<string> TimelineValuesInClear = new(StringComparer.Ordinal)
    {
        "total", "currency", "shippingFeeOverride", "amount", "shipmentId", "refundId", "carrier",
    };

    /// <summary>Entries for the records that already describe an audited change, each derived once.</summary>
    private void Derive(OrdoDbContext db)
    {
        var who = AuditContext.From(http.HttpContext);
        var added = new List<AuditEntry>();
        foreach (var entry in db.ChangeTracker.Entries<OrderEvent>().Where(e => e.State == EntityState.Added))
        {
            var timeline = entry.Entity;
            if (timeline.Type == OrderEventTypes.MetadataChanged || !FirstTime(timeline))
            {
                continue; // metadata is the caller's own bookkeeping, not a state change, payment or refund
            }

            var changes = AuditChanges.Create();
            foreach (var (key, value) in timeline.Data.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                changes.Value(key, value is null || TimelineValuesInClear.Contains(key) ? value : AuditChanges.Mask);
            }

            added.Add(AuditTrail.NewEntry(
                who, timeline.OccurredAt, timeline.Type, AuditResources.Order, timeline.OrderId.ToString(), AuditOutcomes.Succeeded, changes));
        }

        foreach (var entry in db.ChangeTracker.Entries<StockMovement>().Where(e => e.State == EntityState.Added))
        {
            var movement = entry.Entity;
            if (movement.Kind is not (StockMovementKind.Adjustment or StockMovementKind.Receipt) || !FirstTime(movement))
            {
                continue; // order-driven movements are audited through their order's events
            }

            var changes = AuditChanges.Create()
                .Value("kind", movement.Kind == StockMovementKind.Receipt ? "receipt" : "adjustment")
                .Value("quantity", movement.Quantity)
                .Value("reason", AuditChanges.Mask)
                .Value("movementId", movement.Id.ToString());
            added.Add(AuditTrail.NewEntry(
                who, movement.OccurredAt, AuditActions.StockAdjusted, AuditResources.Product, movement.ProductId.ToString(),
                AuditOutcomes.Succeeded, changes));
        }

        foreach (var entry in db.ChangeTracker.Entries<OrdoUser>().Where(e => e.State == EntityState.Modified))
        {
            var mfa = entry.Property(u => u.TwoFactorEnabled);
            var recorded = _derivedMfa.TryGetValue(entry.Entity, out var box) ? box.Value : (bool?)null;
            if (mfa.IsModified && mfa.OriginalValue != mfa.CurrentValue && recorded != mfa.CurrentValue)
            {
                _derivedMfa.AddOrUpdate(entry.Entity, new StrongBox<bool>(mfa.CurrentValue));
                // Every path that switches two-step verification: enrolment (API and sign-in page), the user switching it
                // off, an administrator's reset (which also records user.mfa_reset).
                added.Add(AuditTrail.NewEntry(
                    who, time.GetUtcNow(), mfa.CurrentValue ? AuditActions.MfaEnabled : AuditActions.MfaDisabled, AuditResources.User,
                    entry.Entity.Id.ToString(), AuditOutcomes.Succeeded, AuditChanges.Create().Field("mfa", mfa.OriginalValue, mfa.CurrentValue)));
            }
        }

        db.AuditEntries.AddRange(added);
    }

    private bool FirstTime(object source)
    {
        if (_derived.TryGetValue(source, out _))
        {
            return false;
        }

        _derived.Add(source, source);
        return true;
    }

    private sealed record ChainHeadRow(long Sequence, string Hash);
}
