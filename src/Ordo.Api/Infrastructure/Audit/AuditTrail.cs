using Ordo.Persistence;
using Ordo.Persistence.Audit;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>
/// Writes audit entries (ADR 0021). A success joins the work's own transaction (<see cref="RecordAsync"/>): if the
/// entry can't be written, the change fails with it. A failure or a denial has no change to join, or one that rolls
/// back, so <see cref="RecordRefusalAsync"/> writes it in a transaction of its own, which survives the refusal.
/// The chain itself (sequence numbers and hashes) is added by <see cref="AuditChaining"/> as the entries are saved.
/// </summary>
public sealed class AuditTrail(OrdoDbContext db, IHttpContextAccessor http, TimeProvider time, IServiceScopeFactory scopes, RefusalThrottle throttle)
{
    /// <summary>Who is acting in this scope: the HTTP caller, or <c>system</c> for background work.</summary>
    public AuditContext Context => AuditContext.From(http.HttpContext);

    /// <summary>Records a success in the current unit of work and saves it (inside the caller's transaction when there is one).</summary>
    public async Task RecordAsync(
        string action, string resourceType, string? resourceId, AuditChanges? changes = null, string? actor = null,
        CancellationToken cancellationToken = default)
    {
        db.AuditEntries.Add(NewEntry(Context, time.GetUtcNow(), action, resourceType, resourceId, AuditOutcomes.Succeeded, changes, actor));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Adds a success to the unit of work without saving: it is written by the next save, atomically with what that save
    /// writes (for changes a library saves itself, such as Identity's <c>UserManager</c>).
    /// </summary>
    public void AddToNextSave(string action, string resourceType, string? resourceId, AuditChanges? changes = null, string? actor = null) =>
        db.AuditEntries.Add(NewEntry(Context, time.GetUtcNow(), action, resourceType, resourceId, AuditOutcomes.Succeeded, changes, actor));

    /// <summary>
    /// Records a failure or a denial in a transaction of its own. Inside a transaction that is still open (a
    /// state-changing request refused by a rule), it is written once that transaction has ended and before the
    /// response starts: waiting for the chain's lock inside it could wait on the request itself. Authorization denials
    /// pass through <see cref="RefusalThrottle"/>: a repeat of one just recorded is counted instead.
    /// </summary>
    public async Task RecordRefusalAsync(
        string action, string resourceType, string? resourceId, string outcome, AuditChanges? changes = null, string? actor = null)
    {
        var who = Context;
        if (action == AuditActions.AuthorizationDenied)
        {
            var kind = string.Join('\n', action, actor ?? who.Actor, who.IpAddress, resourceType, changes?.ToJson());
            if (!throttle.ShouldRecord(kind, out var repeats))
            {
                return;
            }

            if (repeats > 0)
            {
                changes = (changes ?? AuditChanges.Create()).Value("unrecordedRepeats", repeats);
            }
        }

        var entry = NewEntry(who, time.GetUtcNow(), action, resourceType, resourceId, outcome, changes, actor);
        if (db.Database.CurrentTransaction is not null && http.HttpContext is { } request && !request.Response.HasStarted)
        {
            request.Response.OnStarting(() => WriteAloneAsync(entry));
            return;
        }

        await WriteAloneAsync(entry);
    }

    internal static AuditEntry NewEntry(
        AuditContext who, DateTimeOffset now, string action, string resourceType, string? resourceId, string outcome,
        AuditChanges? changes, string? actor = null) => new()
        {
            Id = Guid.CreateVersion7(now),
            OccurredAt = AuditChain.Stored(now),
            Actor = actor is null ? who.Actor : actor.Length <= AuditEntry.MaxActorLength ? actor : actor[..AuditEntry.MaxActorLength],
            IpAddress = who.IpAddress,
            UserAgent = who.UserAgent,
            Action = action,
            ResourceType = resourceType,
            ResourceId = resourceId is { Length: > AuditEntry.MaxResourceIdLength } ? resourceId[..AuditEntry.MaxResourceIdLength] : resourceId,
            Outcome = outcome,
            Changes = changes?.ToJson(),
            TraceId = who.TraceId,
        };

    private async Task WriteAloneAsync(AuditEntry entry)
    {
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        own.AuditEntries.Add(entry);
        // Not cancellable: a caller who hangs up must not erase the record of their refused attempt.
        await own.SaveChangesAsync(CancellationToken.None);
    }
}
