using System.Data;
using Microsoft.EntityFrameworkCore;
using Ordo.Persistence;
using Ordo.Persistence.Audit;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>What is wrong at the first broken link.</summary>
public static class AuditBreakKinds
{
    /// <summary>The entry's fields no longer give its stored hash: it was edited.</summary>
    public const string HashMismatch = "hash_mismatch";

    /// <summary>The sequence skips numbers here: entries were deleted.</summary>
    public const string MissingSequence = "missing_sequence";

    /// <summary>The entry does not follow the one before it: entries were reordered, or one before it replaced.</summary>
    public const string Reordered = "reordered";

    /// <summary>The chain head names another end than the entries reach: entries at the end were deleted or the head edited.</summary>
    public const string HeadMismatch = "head_mismatch";

    public static readonly IReadOnlyList<string> All = [HashMismatch, MissingSequence, Reordered, HeadMismatch];
}

/// <summary>The first broken link: the sequence number where the chain stops holding, and why.</summary>
public sealed record AuditBreak(long Sequence, string Kind, string Detail);

/// <summary>The outcome of a walk along the chain.</summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long LastSequence, string HeadHash, AuditBreak? FirstBreak);

/// <summary>
/// Walks the audit chain from the first entry, in batches (never the whole table at once), and reports the first
/// broken link (ADR 0021). A rewrite of the whole table from some point on, with a matching head, is consistent in
/// itself; the signed checkpoints in the log stream (<see cref="AuditCheckpoints"/>) catch that.
/// </summary>
public sealed class AuditVerifier(OrdoDbContext db)
{
    public const int BatchSize = 1_000;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        // One snapshot for the walk and the head: entries committed meanwhile (with their head) are left for the next
        // verification instead of looking like a head that runs ahead of the entries.
        await using var snapshot = await db.Database.BeginTransactionAsync(
            db.IsSqlite ? IsolationLevel.Serializable : IsolationLevel.RepeatableRead, cancellationToken);
        var checkedCount = 0L;
        var lastSequence = 0L;
        var previousHash = AuditChainHead.GenesisHash;
        while (true)
        {
            var after = lastSequence;
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var entry in batch)
            {
                if (Check(entry, lastSequence + 1, previousHash) is { } broken)
                {
                    return new AuditVerification(false, checkedCount, lastSequence, previousHash, broken);
                }

                checkedCount++;
                lastSequence = entry.Sequence;
                previousHash = entry.Hash;
            }

            if (batch.Count < BatchSize)
            {
                break;
            }
        }

        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingleRowId, cancellationToken);
        if (head.Sequence != lastSequence || head.Hash != previousHash)
        {
            return new AuditVerification(false, checkedCount, lastSequence, previousHash, new AuditBreak(
                lastSequence + 1,
                AuditBreakKinds.HeadMismatch,
                $"The chain head says the trail ends at entry {head.Sequence}, but the entries end at {lastSequence}{(head.Sequence == lastSequence ? " with another hash" : "")}."));
        }

        return new AuditVerification(true, checkedCount, lastSequence, previousHash, null);
    }

    private static AuditBreak? Check(AuditEntry entry, long expectedSequence, string previousHash)
    {
        if (entry.Sequence != expectedSequence)
        {
            return new AuditBreak(
                expectedSequence,
                AuditBreakKinds.MissingSequence,
                $"Entry {expectedSequence} is missing{(entry.Sequence > expectedSequence + 1 ? $" (and the ones up to {entry.Sequence - 1})" : "")}: the next entry is {entry.Sequence}.");
        }

        // The link first: a row moved to another place still hashes to itself under a recomputed hash, but it no longer
        // follows its predecessor. Then the row itself: an edited field no longer gives the stored hash.
        if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return new AuditBreak(
                entry.Sequence, AuditBreakKinds.Reordered,
                $"Entry {entry.Sequence} does not follow entry {expectedSequence - 1}: entries were reordered, or an earlier one was replaced.");
        }

        return string.Equals(AuditChain.HashOf(entry.PreviousHash, entry), entry.Hash, StringComparison.Ordinal)
            ? null
            : new AuditBreak(entry.Sequence, AuditBreakKinds.HashMismatch, $"Entry {entry.Sequence} was changed after it was written: its fields no longer give its hash.");
    }
}
