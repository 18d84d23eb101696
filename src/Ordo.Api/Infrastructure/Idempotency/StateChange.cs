using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Idempotency;

/// <summary>How an operation treats an <c>Idempotency-Key</c> header.</summary>
public enum IdempotencyKeyUse
{
    /// <summary>Taken when sent: a retry with the same key and body replays the first response.</summary>
    Optional,

    /// <summary>Required (400 <c>idempotency_key_required</c> without it): the operation moves money.</summary>
    Required,

    /// <summary>Refused (400 <c>idempotency_key_not_supported</c>): the response can't be stored to replay.</summary>
    Refused,
}

/// <summary>
/// Endpoint metadata: how the endpoint treats <c>Idempotency-Key</c>. The OpenAPI conventions document the header
/// (and <c>Idempotent-Replayed</c> on the answers) from it, so the document says what the filters do.
/// </summary>
public sealed record IdempotencyKeyMetadata(IdempotencyKeyUse Use)
{
    /// <summary>What an endpoint does with a key, from all its metadata: a refusal wins over the acceptance of <see cref="StateChange.ChangesState"/>.</summary>
    public static IdempotencyKeyUse? Of(IEnumerable<object> metadata)
    {
        var uses = metadata.OfType<IdempotencyKeyMetadata>().Select(found => found.Use).ToList();
        return uses.Contains(IdempotencyKeyUse.Refused) ? IdempotencyKeyUse.Refused
            : uses.Contains(IdempotencyKeyUse.Required) ? IdempotencyKeyUse.Required
            : uses.Count > 0 ? IdempotencyKeyUse.Optional
            : null;
    }
}

/// <summary>Who opens the transaction of a state-changing endpoint.</summary>
public enum TransactionOwner
{
    /// <summary><see cref="StateChange.ChangesState"/>: one transaction around the handler, and <c>Idempotency-Key</c>.</summary>
    StateChangeFilter,

    /// <summary>
    /// The handler itself, where it writes more than one row (<see cref="StateChange.OwnsItsTransaction"/>): account
    /// handlers, which the hosted pages call too, outside any endpoint filter.
    /// </summary>
    Handler,
}

/// <summary>Endpoint metadata: a state-changing endpoint says who owns its transaction, so that none is forgotten.</summary>
public sealed record TransactionMetadata(TransactionOwner Owner);

/// <summary>
/// Wraps every state-changing endpoint: one database transaction around the handler, committed only for a 2xx
/// response, with the <c>Idempotency-Key</c> record completed inside it. Handlers stay free of transaction code.
/// </summary>
public static class StateChange
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    public static RouteHandlerBuilder ChangesState(this RouteHandlerBuilder endpoint, bool idempotencyKeyRequired = false)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint
            .AddEndpointFilter((context, next) => RunAsync(context, next, idempotencyKeyRequired))
            .WithMetadata(new TransactionMetadata(TransactionOwner.StateChangeFilter))
            .WithMetadata(new IdempotencyKeyMetadata(idempotencyKeyRequired ? IdempotencyKeyUse.Required : IdempotencyKeyUse.Optional))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>Declares that the handler opens its own transaction where it needs one; the endpoint takes no <c>Idempotency-Key</c>.</summary>
    public static RouteHandlerBuilder OwnsItsTransaction(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new TransactionMetadata(TransactionOwner.Handler));

    /// <summary>Buffers bodies of requests that carry a key, so the filter can fingerprint them after binding.</summary>
    public static IApplicationBuilder UseIdempotencyKeyBuffering(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(IdempotencyKeyHeader))
            {
                context.Request.EnableBuffering();
            }

            return next(context);
        });

    private static async ValueTask<object?> RunAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, bool keyRequired)
    {
        var http = invocation.HttpContext;
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length == 0 && keyRequired)
        {
            return DomainProblems.Problem(
                HttpErrors.IdempotencyKeyRequired,
                $"This operation moves money: send an {IdempotencyKeyHeader} header (e.g. a UUID) so that a retry can't repeat it.");
        }

        if (key.Length > MaxKeyLength)
        {
            return DomainProblems.Problem(
                HttpErrors.InvalidIdempotencyKey,
                $"{IdempotencyKeyHeader} must be at most {MaxKeyLength} characters.");
        }

        var caller = Caller.Id(http);
        if (caller.Length > 200)
        {
            return DomainProblems.Problem(HttpErrors.InvalidCaller, "The caller's identifier is too long to scope idempotency keys.");
        }

        var services = http.RequestServices;
        var db = services.GetRequiredService<OrdoDbContext>();
        var store = services.GetRequiredService<IdempotencyStore>();
        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        // Any failure rolls the whole transaction back, so a savepoint around each save would only cost round trips.
        db.Database.AutoSavepointsEnabled = false;
        // Writers of the audit chain take turns on its head row until they commit: the change's own rows are written
        // first and the entries last, so that a turn lasts two statements and the commit, not the whole change.
        var chaining = services.GetRequiredService<AuditChaining>();
        chaining.DeferUntilCommit(db);
        try
        {
            IdempotencyRecord? claimed = null;
            if (key.Length > 0)
            {
                var claim = await store.ClaimAsync(caller, key, await FingerprintAsync(http.Request), http.RequestAborted);
                switch (claim.Outcome)
                {
                    case ClaimOutcome.Replay:
                        http.Response.Headers[CapturedResponse.ReplayedHeader] = "true";
                        return store.Replay(claim.Record);
                    case ClaimOutcome.Mismatch:
                        return DomainProblems.Problem(
                            HttpErrors.IdempotencyKeyReused,
                            $"This {IdempotencyKeyHeader} was already used for a different request; use a new key for a new request.");
                    default:
                        claimed = claim.Record;
                        break;
                }
            }

            CapturedResponse response;
            try
            {
                var result = await next(invocation) as IResult
                    ?? throw new InvalidOperationException("State-changing endpoints return IResult.");
                response = await CapturedResponse.CaptureAsync(http, result);
            }
            catch (DbUpdateConcurrencyException)
            {
                response = await CapturedResponse.CaptureInsteadAsync(http, ConcurrentChange(http));
            }

            if (!response.Succeeded)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                return response;
            }

            // The last save: the audit entries (taking the chain's turn) and the key's response, in one batch.
            if (claimed is not null)
            {
                store.Complete(claimed, response);
            }

            // Not cancelled once the change is decided: a client hanging up while the save waits for the chain's turn
            // would otherwise throw the work away, and a batch cancelled half-way left Npgsql's auto-preparation
            // believing in statements it never prepared (the bench's baseline met 26000 "prepared statement does not
            // exist" that way).
            if (chaining.ReleaseDeferred(db) > 0 || claimed is not null)
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
            return response;
        }
        finally
        {
            chaining.StopDeferring(db);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ConcurrentChange(HttpContext http) =>
        http.Request.Headers.IfMatch.Count > 0
            ? DomainProblems.Problem(
                HttpErrors.PreconditionFailed,
                "The resource changed while this request ran; fetch it again and retry.")
            : DomainProblems.Problem(
                HttpErrors.ConcurrentChange,
                "The resource changed while this request ran; fetch it again and retry.");

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
