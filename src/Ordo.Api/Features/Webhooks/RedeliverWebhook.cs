using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

/// <summary>
/// Sends a delivery again: whatever its state, it becomes pending and due now with a fresh retry cycle, with the same
/// event id and body (receivers de-duplicate on the id). Its attempts continue their numbering.
/// </summary>
public static class RedeliverWebhook
{
    public static RouteHandlerBuilder MapRedeliverWebhook(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redelivery", HandleAsync)
            .WithName("RedeliverWebhook")
            .RequirePermission(Permissions.WebhooksManage)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Redeliver one delivery")
            .WithDescription(
                "Queues the delivery again, due now, with a fresh retry cycle and the same event id. 409 `webhook_delivery_in_flight` while an attempt is being sent, " +
                "409 `webhook_disabled` while the subscription is disabled.")
            .ChangesState();

    public static async Task<Result<WebhookDeliveryResponse>> ExecuteAsync(
        Guid id, Guid deliveryId, OrdoDbContext db, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        var subscription = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        var delivery = subscription is null ? null
            : await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == id, cancellationToken);
        if (subscription is null || delivery is null)
        {
            return HttpErrors.NotFoundWithId("webhook delivery");
        }

        var now = time.GetUtcNow();
        if (!subscription.Enabled)
        {
            return WebhookErrors.SubscriptionDisabled.Error("The subscription is disabled; enable it first.");
        }

        if (delivery.LeaseToken is not null && delivery.LeaseExpiresAt > now)
        {
            return WebhookErrors.DeliveryInFlight.Error("An attempt of this delivery is being sent right now.");
        }

        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.CycleAttempts = 0;
        delivery.NextAttemptAt = now;
        delivery.CompletedAt = null;
        delivery.LeaseToken = null;
        delivery.LeaseExpiresAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.WebhookRedelivered, AuditResources.Webhook, id.ToString(),
            AuditChanges.Create().Value("deliveryId", delivery.Id.ToString()).Value("eventId", delivery.EventId.ToString()), cancellationToken: cancellationToken);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == delivery.Id).ToListAsync(cancellationToken);
        return WebhookDeliveryResponse.From(delivery, attempts);
    }

    /// <summary>The REST adapter: 202, the delivery as queued.</summary>
    public static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, Guid deliveryId, OrdoDbContext db, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, deliveryId, db, audit, time, cancellationToken))
            .ToHttp(delivery => TypedResults.Accepted((string?)null, delivery));
}
