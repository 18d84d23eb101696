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
}

public sealed record IdempotencyClaim(ClaimOutcome Outcome, IdempotencyRecord Record);

/// <summary>
/// Keys are scoped to the caller and kept 24 hours. A key is claimed by the first statement of the work's own
/// transaction, which inserts its record; the response is written into that record before the commit, so the effect and
/// the record are committed together or not at all. A duplicate sent while the first request still runs waits on the
/// record's unique key and, once the first commits, replays its response; when the first fails, the rollback frees the
/// key at once, and when its instance dies, as soon as the database drops that instance's connection (ADR 4).
/// </summary>
public sealed class IdempotencyStore(OrdoDbContext db, TimeProvider time, IFieldProtector protector)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>Call first inside the work's transaction.</summary>
    public async Task<IdempotencyClaim> ClaimAsync(string caller, string key, string requestFingerprint, CancellationToken cancellationToken)
    {
        // Keyed, so that stored hashes of small bodies (an email) can't be confirmed by guessing.
        var requestHash = protector.BlindIndex(requestFingerprint);
        // Each pass ends in a claim or an answer unless another request deletes or expires the record in between.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = time.GetUtcNow();
            var record = new IdempotencyRecord { Caller = caller, Key = key, RequestHash = requestHash, CreatedAt = now, ExpiresAt = now + Retention };
            // ON CONFLICT rather than a failing INSERT: on PostgreSQL a unique violation would abort the transaction.
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO idempotency_records (caller, key, request_hash, created_at, expires_at)
                VALUES ({caller}, {key}, {requestHash}, {Stored(record.CreatedAt)}, {Stored(record.ExpiresAt)})
                ON CONFLICT (caller, key) DO NOTHING
                """,
                cancellationToken);
            if (inserted == 1)
            {
                return new(ClaimOutcome.Claimed, record);
            }

            var existing = await db.IdempotencyRecords.AsNoTracking()
                .SingleOrDefaultAsync(r => r.Caller == caller && r.Key == key, cancellationToken);
            if (existing is null)
            {
                continue; // purged since the INSERT looked
            }

            if (existing.ExpiresAt > now)
            {
                return new(existing.RequestHash == requestHash ? ClaimOutcome.Replay : ClaimOutcome.Mismatch, existing);
            }

            await db.IdempotencyRecords
                .Where(r => r.Caller == caller && r.Key == key && r.CreatedAt == existing.CreatedAt)
                .ExecuteDeleteAsync(cancellationToken);
        }

        throw new InvalidOperationException($"The Idempotency-Key record of {caller} kept changing under three claims in a row.");
    }

    /// <summary>
    /// Call inside the work's transaction, after its effects: records the response on the claimed record, written by
    /// the context's next save, so that it becomes durable exactly when the effects do.
    /// </summary>
    public void Complete(IdempotencyRecord claimed, CapturedResponse response)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(response);
        // Attached as it was claimed (no answer yet): the change tracker sends the answer's columns as an UPDATE.
        db.IdempotencyRecords.Attach(claimed);
        claimed.ResponseStatus = response.Status;
        claimed.ResponseContentType = response.ContentType;
        claimed.ResponseLocation = response.Location;
        claimed.ResponseETag = response.ETag;
        claimed.ResponseBody = Protect(response.Body);
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

    /// <summary>Removes records past their 24 hours; their keys may then be used again.</summary>
    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A time as the model stores it (SQLite keeps times as numbers), for SQL written by hand.</summary>
    private object Stored(DateTimeOffset value) => StoredTimes.ConverterOf(db.Model)?.ConvertToProvider(value) ?? value;
}
