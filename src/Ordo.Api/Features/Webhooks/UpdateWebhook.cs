using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

/// <summary>The fields a subscription's merge patch may carry, each optional; only <c>description</c> may be null.</summary>
public sealed class WebhookPatch : MergePatch<WebhookPatch>
{
    [MaxLength(WebhookSubscription.MaxUrlLength)]
    public string Url { get; init => field = Sent(value); } = "";

    [MaxLength(20), ListItems(WebhookDelivery.MaxEventTypeLength)]
    public IReadOnlyList<string> EventTypes { get; init => field = Sent(value); } = [];

    [MaxLength(WebhookSubscription.MaxDescriptionLength)]
    public string? Description { get; init => field = Sent(value); }

    public bool Enabled { get; init => field = Sent(value); }

    protected override string ShapeOf(string field) => field switch
    {
        "url" => "The URL must be a string.",
        "eventTypes" => "The event types must be an array of strings.",
        "description" => "The description must be a string or null.",
        _ => "Enabled must be true or false.",
    };
}

/// <summary>PATCH with JSON Merge Patch (RFC 7396) and a required If-Match.</summary>
public static class UpdateWebhook
{
    public static RouteHandlerBuilder MapUpdateWebhook(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapPatch("/{id:guid}", HandleAsync)
            .WithName("UpdateWebhook")
            .WithRequestExample("""{"enabled": true}""")
            .SendsETag()
            .TakesIfMatch(IfMatch.Required)
            .RequirePermission(Permissions.WebhooksManage)
            .WithSummary("Update a webhook subscription")
            .WithDescription(
                "JSON Merge Patch of `url`, `eventTypes`, `description` and `enabled`. Enabling a disabled subscription resets its failure count and resumes its pending deliveries; " +
                "disabling stops them (events meanwhile are not queued for it). Requires `If-Match` with the current ETag (428 without it, 412 when stale).")
            .AcceptsMergePatch<WebhookPatch>()
            .ChangesState();

    /// <summary>The use case: applies the patch (when <paramref name="ifMatch"/> names the current version); audited.</summary>
    public static async Task<Result<WebhookSubscription>> ExecuteAsync(
        Guid id, string? ifMatch, WebhookPatch patch, OrdoDbContext db, WebhookAddressPolicy policy, WebhookOptions options, AuditTrail audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return HttpErrors.NotFoundWithId("webhook subscription");
        }

        if (ETags.CheckIfMatch(ifMatch, subscription.Version, required: true) is { } precondition)
        {
            return precondition;
        }

        if (patch.Invalid is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow();
        var changes = AuditChanges.Create();
        if (patch.Has(nameof(patch.Url)) && patch.Url != subscription.Url)
        {
            var url = WebhookRules.CheckUrl(patch.Url, options, policy);
            if (url.IsFailure)
            {
                return url.Error;
            }

            changes.Field("url", WebhookRules.Redacted(subscription.Url), WebhookRules.Redacted(patch.Url));
            subscription.Url = patch.Url;
        }

        if (patch.Has(nameof(patch.EventTypes)))
        {
            var types = WebhookRules.CheckEventTypes(patch.EventTypes);
            if (types.IsFailure)
            {
                return types.Error;
            }

            if (types.Value != subscription.EventTypes)
            {
                changes.Field("eventTypes", WebhookRules.EventTypesOf(subscription.EventTypes).ToList(), WebhookRules.EventTypesOf(types.Value).ToList());
                subscription.EventTypes = types.Value;
            }
        }

        if (patch.Has(nameof(patch.Description)))
        {
            var description = string.IsNullOrWhiteSpace(patch.Description) ? null : patch.Description.Trim();
            if (description != subscription.Description)
            {
                changes.Field("description", subscription.Description, description);
                subscription.Description = description;
            }
        }

        if (patch.Has(nameof(patch.Enabled)) && patch.Enabled != subscription.Enabled)
        {
            changes.Field("enabled", subscription.Enabled, patch.Enabled);
            subscription.Enabled = patch.Enabled;
            subscription.DisabledAt = patch.Enabled ? null : now;
            subscription.DisabledReason = patch.Enabled ? null : WebhookRules.DisabledByUser;
            // A fresh start: the receiver was presumably fixed.
            subscription.ConsecutiveFailures = 0;
        }

        if (!changes.IsEmpty)
        {
            subscription.UpdatedAt = now;
            subscription.Version++;
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(AuditActions.WebhookUpdated, AuditResources.Webhook, subscription.Id.ToString(), changes, cancellationToken: cancellationToken);
        }

        return subscription;
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, WebhookPatch patch, OrdoDbContext db, WebhookAddressPolicy policy, IOptions<WebhookOptions> options, AuditTrail audit,
        TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return patch.Unreadable is { } unreadable
            ? unreadable.ToProblem()
            : (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), patch, db, policy, options.Value, audit, time, cancellationToken))
                .ToHttp(subscription =>
                {
                    ETags.Set(http, subscription.Version);
                    return TypedResults.Ok(WebhookResponse.From(subscription));
                });
    }
}
