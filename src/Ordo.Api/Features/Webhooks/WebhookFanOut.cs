using Microsoft.EntityFrameworkCore;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

/// <summary>
/// The outbox's webhook consumer: a fast, local fan-out that adds one pending delivery per enabled subscription that
/// receives the event's type, with the envelope exactly as the outbox holds it. Insert-if-absent on
/// (subscription, event id), backed by a unique index, so a repeated outbox delivery adds nothing; sending is the
/// <see cref="WebhookDeliveryWorker"/>'s job, so a slow receiver never holds up the outbox.
/// </summary>
public sealed class WebhookFanOut(IServiceScopeFactory scopes, TimeProvider time) : IOutboxConsumer
{
    public bool Consumes(string type) => DomainEvents.IsPublished(type);

    public async Task DeliverAsync(OutboxDelivery message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await FanOutAsync(message, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another delivery of the same message inserted some rows first (the unique index refused ours): once more,
            // now seeing them.
            await FanOutAsync(message, cancellationToken);
        }
    }

    private async Task FanOutAsync(OutboxDelivery message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var enabled = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Enabled)
            .Select(s => new { s.Id, s.EventTypes }).ToListAsync(cancellationToken);
        var receivers = enabled.Where(s => WebhookRules.Receives(s.EventTypes, message.Type)).Select(s => s.Id).ToList();
        if (receivers.Count == 0)
        {
            return;
        }

        var present = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.EventId == message.Id && receivers.Contains(d.SubscriptionId))
            .Select(d => d.SubscriptionId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var subscriptionId in receivers.Except(present))
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(now),
                SubscriptionId = subscriptionId,
                EventId = message.Id,
                EventType = message.Type,
                Body = message.Body,
                Status = WebhookDeliveryStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
