using Microsoft.EntityFrameworkCore;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Idempotency;

public enum ClaimOutcome
{
    /// <summary>This request owns the key now and does the work.</summary>
    Claimed,

    /// <summary>The key already completed with this same request: replay its response.</summary>
    Replay,

    /// <summary>The key was used for a different request (422).</summary>
    Mismatch,

    /// <summary>A request with this key is still running (409).</summary>
    InProgress,
}

public sealed record IdempotencyClaim(ClaimOutcome Outcome, IdempotencyRecord? Record);

/// <summary>This request's claim on its key was taken over by a retry while it ran; its work must not commit.</summary>
public sealed class IdempotencyClaimLostException() : Exception("The idempotency claim was taken over by a retry.");

/// <summary>
/// Keys are scoped to the caller and kept 24 hours. The in-progress marker is committed on its own so that a
/// concurrent duplicate sees it; the completed response is written inside the work's own transaction, so the effect
/// and the key's record are committed together or not at all.
/// </summary>
public sealed class IdempotencyStore(OrdoDbContext db, TimeProvider time, IFieldProtector protector)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>How long an in-progress marker holds the key before it counts as abandoned (its instance died).</summary>
    public static readonly TimeSpan Lock = TimeSpan.FromMinutes(2);

    public async Task<IdempotencyClaim> ClaimAsync(string caller, string key, string requestFingerprint, CancellationToken cancellationToken)
    {
        // Keyed, so that stored hashes of small bodies (an email) can't be confirmed by guessing.
        var requestHash = protector.BlindIndex(requestFingerprint);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = time.GetUtcNow();
            var existing = await db.IdempotencyRecords.AsNoTracking()
                .SingleOrDefaultAsync(r => r.Caller == caller && r.Key == key, cancellationToken);
            if (existing is not null)
            {
                var stale = existing.ExpiresAt <= now || (existing.State == IdempotencyState.InProgress && existing.LockedUntil <= now);
                if (!stale)
                {
                    return existing.RequestHash != requestHash ? new(ClaimOutcome.Mismatch, existing)
                        : existing.State == IdempotencyState.Completed ? new(ClaimOutcome.Replay, existing)
                        : new(ClaimOutcome.InProgress, existing);
                }

                await db.IdempotencyRecords
                    .Where(r => r.Caller == caller && r.Key == key && r.CreatedAt == existing.CreatedAt)
                    .ExecuteDeleteAsync(cancellationToken);
            }

            var record = new IdempotencyRecord
            {
                Caller = caller,
                Key = key,
                RequestHash = requestHash,
                State = IdempotencyState.InProgress,
                CreatedAt = now,
                LockedUntil = now + Lock,
                ExpiresAt = now + Retention,
            };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new(ClaimOutcome.Claimed, record);
            }
            catch (DbUpdateException ex) when (IsDuplicateKey(ex))
            {
                // Another request inserted the same key first; look again at what it holds.
            }
            finally
            {
                db.Entry(record).State = EntityState.Detached;
            }
        }

        return new(ClaimOutcome.InProgress, null);
    }

    /// <summary>
    /// Call inside the work's transaction: the response becomes durable exactly when the effects do. Fails if the
    /// claim was taken over meanwhile (this request outlived its lock), so the work rolls back instead of repeating.
    /// </summary>
    public async Task CompleteAsync(IdempotencyRecord claimed, CapturedResponse response, CancellationToken cancellationToken)
    {
        var completed = await Claimed(claimed)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(r => r.State, IdempotencyState.Completed)
                    .SetProperty(r => r.ResponseStatus, response.Status)
                    .SetProperty(r => r.ResponseContentType, response.ContentType)
                    .SetProperty(r => r.ResponseLocation, response.Location)
                    .SetProperty(r => r.ResponseETag, response.ETag)
                    .SetProperty(r => r.ResponseBody, Protect(response.Body)),
                cancellationToken);
        if (completed != 1)
        {
            throw new IdempotencyClaimLostException();
        }
    }

    /// <summary>The stored response as it was first sent.</summary>
    public CapturedResponse Replay(IdempotencyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = record.ResponseBody is null
            ? []
            : Convert.FromBase64String(protector.Unprotect(System.Text.Encoding.UTF8.GetString(record.ResponseBody)));
        return new CapturedResponse(record.ResponseStatus!.Value, record.ResponseContentType, record.ResponseLocation, record.ResponseETag, body);
    }

    // Stored responses may carry personal data (a customer's email, addresses): encrypted like the data itself.
    private byte[] Protect(byte[] body) => System.Text.Encoding.UTF8.GetBytes(protector.Protect(Convert.ToBase64String(body)));

    /// <summary>The request failed without effects: free the key so that a corrected retry runs.</summary>
    public Task ReleaseAsync(IdempotencyRecord claimed) => Claimed(claimed).ExecuteDeleteAsync(CancellationToken.None);

    /// <summary>Removes records past their 24 hours; their keys may then be used again.</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    // The claim this request made, and only while it is still in progress: CreatedAt tells it from a later claim.
    private IQueryable<IdempotencyRecord> Claimed(IdempotencyRecord claimed) =>
        db.IdempotencyRecords.Where(r =>
            r.Caller == claimed.Caller && r.Key == claimed.Key && r.CreatedAt == claimed.CreatedAt && r.State == IdempotencyState.InProgress);

    private static bool IsDuplicateKey(DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        _ => false,
    };
}
