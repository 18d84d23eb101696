using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;

namespace Ordo.Api.Features.Webhooks;

/// <param name="OverlapSeconds">How long the current secret keeps signing beside the new one: 0 to 604800 (7 days); default 86400 (24 h).</param>
public sealed record RotateWebhookSecretRequest([property: System.ComponentModel.DataAnnotations.Range(0, WebhookRules.MaxOverlapSeconds)] int? OverlapSeconds = null);

/// <summary>
/// A new signing secret. During the overlap every delivery carries two <c>v1</c> signatures (new first), so the receiver
/// can switch at its own pace; the secret before that one, if still overlapping, stops at once.
/// </summary>
public static class RotateWebhookSecret
{
    public static RouteHandlerBuilder MapRotateWebhookSecret(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapPost("/{id:guid}/secret-rotations", HandleAsync)
            .WithName("RotateWebhookSecret")
            .WithRequestExample("""{"overlapSeconds": 86400}""")
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.WebhooksManage)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Rotate a webhook subscription's signing secret")
            .WithDescription(
                "Generates a new secret, shown once in the response. The current one keeps signing beside it for `overlapSeconds` (default 86400, at most 604800; 0 ends it now): " +
                "each delivery then carries one `v1` per secret, newest first. `Idempotency-Key` is refused (400).")
            .RefusesIdempotencyKey()
            .ChangesState();

    public static async Task<Result<(long Version, WebhookSecretResponse Answer)>> ExecuteAsync(
        Guid id, string? ifMatch, RotateWebhookSecretRequest? request, OrdoDbContext db, IFieldProtector protector, AuditTrail audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var overlap = request?.OverlapSeconds ?? WebhookRules.DefaultOverlapSeconds;
        if (overlap is < 0 or > WebhookRules.MaxOverlapSeconds)
        {
            return WebhookErrors.InvalidOverlap.Error($"overlapSeconds must be between 0 and {WebhookRules.MaxOverlapSeconds}.");
        }

        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return HttpErrors.NotFoundWithId("webhook subscription");
        }

        if (ETags.CheckIfMatch(ifMatch, subscription.Version, required: false) is { } precondition)
        {
            return precondition;
        }

        var now = time.GetUtcNow();
        var secret = WebhookRules.NewSecret();
        subscription.PreviousSecretSealed = overlap > 0 ? subscription.SecretSealed : null;
        subscription.PreviousSecretExpiresAt = overlap > 0 ? now.AddSeconds(overlap) : null;
        subscription.SecretSealed = protector.Protect(secret);
        subscription.UpdatedAt = now;
        subscription.Version++;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.WebhookSecretRotated, AuditResources.Webhook, id.ToString(),
            AuditChanges.Create().Value("secret", "rotated").Value("overlapSeconds", overlap), cancellationToken: cancellationToken);
        return (subscription.Version, new WebhookSecretResponse(subscription.Id, secret, subscription.PreviousSecretExpiresAt));
    }

    /// <summary>The REST adapter: the new secret, never stored by caches.</summary>
    public static async Task<Results<Ok<WebhookSecretResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, RotateWebhookSecretRequest? request, OrdoDbContext db, IFieldProtector protector, AuditTrail audit, TimeProvider time, HttpContext http,
        CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), request, db, protector, audit, time, cancellationToken)).ToHttp(rotated =>
        {
            http.Response.Headers.CacheControl = "no-store";
            ETags.Set(http, rotated.Version);
            return TypedResults.Ok(rotated.Answer);
        });
}
