using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

/// <param name="EventTypes">Published event types (docs/events.md), or <c>["*"]</c> for all, including types added later.</param>
public sealed record CreateWebhookRequest(
    [property: MaxLength(WebhookSubscription.MaxUrlLength)] string Url,
    [property: MaxLength(20), ListItems(WebhookDelivery.MaxEventTypeLength)] IReadOnlyList<string> EventTypes,
    [property: MaxLength(WebhookSubscription.MaxDescriptionLength)] string? Description = null);

public static class CreateWebhook
{
    public static RouteHandlerBuilder MapCreateWebhook(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapPost("/", HandleAsync)
            .WithName("CreateWebhook")
            .WithRequestExample("""{"url": "https://hooks.example.com/ordo", "eventTypes": ["order.paid", "order.shipped"], "description": "Fulfilment system"}""")
            .SendsETag()
            .RequirePermission(Permissions.WebhooksManage)
            .WithSummary("Create a webhook subscription")
            .WithDescription(
                "Subscribes an HTTPS URL to event types (or `[\"*\"]`). The answer holds the signing secret (`whsec_...`), shown this once; " +
                "deliveries carry `Ordo-Signature` (docs/events.md). A host that is a private, loopback, link-local or reserved IP address is refused (400 `webhook_target_refused`); " +
                "names are checked again on every delivery. `Idempotency-Key` is refused (400): replaying the response would require storing the secret.")
            .RefusesIdempotencyKey()
            .ChangesState();

    /// <summary>The use case: the subscription, enabled, with a new secret (returned once, stored sealed); audited.</summary>
    public static async Task<Result<(WebhookSubscription Subscription, string Secret)>> ExecuteAsync(
        CreateWebhookRequest request, OrdoDbContext db, IFieldProtector protector, WebhookAddressPolicy policy, WebhookOptions options,
        AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var url = WebhookRules.CheckUrl(request.Url, options, policy);
        if (url.IsFailure)
        {
            return url.Error;
        }

        var types = WebhookRules.CheckEventTypes(request.EventTypes);
        if (types.IsFailure)
        {
            return types.Error;
        }

        var now = time.GetUtcNow();
        var secret = WebhookRules.NewSecret();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now),
            Url = request.Url,
            EventTypes = types.Value,
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            SecretSealed = protector.Protect(secret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.WebhookCreated, AuditResources.Webhook, subscription.Id.ToString(), AuditChanges.Create()
            .Value("url", WebhookRules.Redacted(subscription.Url)).Value("eventTypes", WebhookRules.EventTypesOf(subscription.EventTypes).ToList()),
            cancellationToken: cancellationToken);
        return (subscription, secret);
    }

    /// <summary>The REST adapter: 201 with the subscription, its secret, its address and its ETag; never cached.</summary>
    public static async Task<Results<Created<CreatedWebhookResponse>, ProblemHttpResult>> HandleAsync(
        CreateWebhookRequest request, OrdoDbContext db, IFieldProtector protector, WebhookAddressPolicy policy, IOptions<WebhookOptions> options,
        AuditTrail audit, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, db, protector, policy, options.Value, audit, time, cancellationToken)).ToHttp(created =>
        {
            http.Response.Headers.CacheControl = "no-store";
            ETags.Set(http, created.Subscription.Version);
            return TypedResults.Created($"/api/v1/webhooks/{created.Subscription.Id}", new CreatedWebhookResponse(WebhookResponse.From(created.Subscription), created.Secret));
        });
}
