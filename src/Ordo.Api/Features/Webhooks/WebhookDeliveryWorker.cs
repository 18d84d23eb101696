using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Telemetry;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

/// <summary>
/// Sends due webhook deliveries (ADR 0024). A round claims up to a batch in a short committed transaction, setting a
/// lease token and expiry on each (on PostgreSQL the candidates are locked <c>FOR UPDATE SKIP LOCKED</c>, so two
/// instances never claim the same delivery); then POSTs them outside any transaction; then records each attempt in a
/// transaction that locks the subscription and the delivery and writes only if the lease is still ours. A delivery is
/// claimable again only when its lease lapsed (its instance died mid-send): exactly once to the receiver while nothing
/// crashes, at least once otherwise. SQLite is single-instance: the same steps without locks.
/// </summary>
public sealed partial class WebhookDeliveryWorker(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    OrdoMetrics metrics,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _round = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Deliver)
        {
            return;
        }

        var failedRounds = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.PollInterval;
            var taken = 0;
            try
            {
                taken = await DeliverRoundAsync(stoppingToken);
                failedRounds = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // An outage must not stop the host; back off so a long one doesn't fill the log.
                failedRounds++;
                wait = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, failedRounds)));
                LogRoundFailed(logger, ex, wait);
            }

            if (taken < options.Value.BatchSize)
            {
                try
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: claims what is due (at most a batch), sends it and records the attempts; returns how many it sent.</summary>
    public async Task<int> DeliverRoundAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            var claimed = await ClaimAsync(cancellationToken);
            foreach (var claim in claimed)
            {
                if (!await RenewLeaseAsync(claim, cancellationToken))
                {
                    // The batch outlasted the lease (a receiver hung) and another instance may have taken this one over.
                    LogLeaseLost(logger, claim.DeliveryId);
                    continue;
                }

                var now = time.GetUtcNow();
                var result = await sender.SendAsync(claim.Url, claim.EventId, claim.EventType, claim.Body, claim.Secrets, cancellationToken);
                await RecordAsync(claim, now, result, CancellationToken.None);
            }

            return claimed.Count;
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>
    /// Extends this instance's lease to cover one send, if it still holds it: the batch is sent one delivery after another,
    /// so without this a slow receiver early in the batch lets the lease of the later ones lapse before they are sent,
    /// and a second instance would send them too.
    /// </summary>
    private async Task<bool> RenewLeaseAsync(Claim claim, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var now = time.GetUtcNow();
        DateTimeOffset? until = now + options.Value.Timeout + TimeSpan.FromSeconds(30);
        return await db.WebhookDeliveries
            .Where(d => d.Id == claim.DeliveryId && d.LeaseToken == claim.LeaseToken && d.LeaseExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.LeaseExpiresAt, until), cancellationToken) == 1;
    }

    private sealed record Claim(
        Guid DeliveryId, Guid LeaseToken, Guid SubscriptionId, string Url, Guid EventId, string EventType, string Body,
        IReadOnlyList<string> Secrets);

    private async Task<List<Claim>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var settings = options.Value;
        var now = time.GetUtcNow();
        var leaseUntil = now + (settings.Timeout * 2) + TimeSpan.FromSeconds(30);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        List<WebhookDelivery> due;
        if (db.IsSqlite)
        {
            due = await db.WebhookDeliveries
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseExpiresAt == null || d.LeaseExpiresAt <= now))
                .Where(d => db.WebhookSubscriptions.Any(s => s.Id == d.SubscriptionId && s.Enabled))
                .OrderBy(d => d.NextAttemptAt)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
        }
        else
        {
            due = await db.WebhookDeliveries.FromSql($"""
                SELECT d.* FROM webhook_deliveries d
                JOIN webhook_subscriptions s ON s.id = d.subscription_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= {now}
                  AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= {now}) AND s.enabled
                ORDER BY d.next_attempt_at
                LIMIT {settings.BatchSize}
                FOR UPDATE OF d SKIP LOCKED
                """).ToListAsync(cancellationToken);
        }

        if (due.Count == 0)
        {
            return [];
        }

        // Resolved here, not in the constructor: a missing PII key is reported by start-up validation, not by a hosted service.
        var protector = scope.ServiceProvider.GetRequiredService<IFieldProtector>();
        var subscriptionIds = due.Select(d => d.SubscriptionId).Distinct().ToList();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var claims = new List<Claim>(due.Count);
        foreach (var delivery in due)
        {
            delivery.LeaseToken = Guid.NewGuid();
            delivery.LeaseExpiresAt = leaseUntil;
            var subscription = subscriptions[delivery.SubscriptionId];
            claims.Add(new Claim(
                delivery.Id, delivery.LeaseToken.Value, subscription.Id, subscription.Url, delivery.EventId, delivery.EventType, delivery.Body,
                WebhookRules.SigningSecrets(subscription, protector, now)));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claims;
    }

    private async Task RecordAsync(Claim claim, DateTimeOffset attemptedAt, WebhookSendResult result, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Subscription first, then delivery: the one lock order every writer of both uses.
        var subscription = db.IsSqlite
            ? await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == claim.SubscriptionId, cancellationToken)
            : await db.WebhookSubscriptions.FromSql($"SELECT * FROM webhook_subscriptions WHERE id = {claim.SubscriptionId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        var delivery = db.IsSqlite
            ? await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == claim.DeliveryId, cancellationToken)
            : await db.WebhookDeliveries.FromSql($"SELECT * FROM webhook_deliveries WHERE id = {claim.DeliveryId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (subscription is null || delivery is null || delivery.LeaseToken != claim.LeaseToken)
        {
            // Deleted meanwhile, or our lease lapsed and another instance took the delivery over: its record wins.
            LogLeaseLost(logger, claim.DeliveryId);
            return;
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        var verdict = WebhookOutcomes.Classify(result.StatusCode, result.Failure);
        delivery.Attempts++;
        delivery.CycleAttempts++;
        delivery.LeaseToken = null;
        delivery.LeaseExpiresAt = null;
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            Id = Guid.CreateVersion7(attemptedAt),
            DeliveryId = delivery.Id,
            Number = delivery.Attempts,
            AttemptedAt = attemptedAt,
            StatusCode = result.StatusCode,
            Failure = result.Failure,
            Succeeded = verdict == WebhookVerdict.Succeeded,
            LatencyMs = result.LatencyMs,
        });

        string? disabledReason = null;
        if (verdict == WebhookVerdict.Succeeded)
        {
            delivery.Status = WebhookDeliveryStatus.Succeeded;
            delivery.CompletedAt = now;
            subscription.ConsecutiveFailures = 0;
        }
        else
        {
            subscription.ConsecutiveFailures++;
            if (verdict == WebhookVerdict.Retry && delivery.CycleAttempts < settings.MaxAttempts)
            {
                var delay = WebhookOutcomes.RetryDelay(delivery.CycleAttempts, settings);
                delivery.NextAttemptAt = now + delay;
                LogAttemptFailed(logger, delivery.EventType, delivery.EventId, subscription.Id, delivery.Attempts, WebhookSender.Describe(result), delay);
            }
            else
            {
                delivery.Status = WebhookDeliveryStatus.Failed;
                delivery.CompletedAt = now;
                LogDeliveryFailed(logger, delivery.EventType, delivery.EventId, subscription.Id, delivery.Attempts, WebhookSender.Describe(result));
            }

            if (subscription.Enabled)
            {
                disabledReason = verdict == WebhookVerdict.Gone ? WebhookRules.Gone
                    : subscription.ConsecutiveFailures >= settings.DisableAfterConsecutiveFailures ? WebhookRules.ConsecutiveFailures
                    : null;
            }
        }

        if (disabledReason is not null)
        {
            subscription.Enabled = false;
            subscription.DisabledAt = now;
            subscription.DisabledReason = disabledReason;
            subscription.UpdatedAt = now;
            subscription.Version++;
            LogSubscriptionDisabled(logger, subscription.Id, disabledReason, subscription.ConsecutiveFailures);
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(
                AuditActions.WebhookDisabled, AuditResources.Webhook, subscription.Id.ToString(),
                AuditChanges.Create().Field("enabled", true, false).Value("reason", disabledReason), cancellationToken: cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.WebhookDelivery(verdict == WebhookVerdict.Succeeded);
    }

    public override void Dispose()
    {
        _round.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery of {Type} {EventId} to subscription {SubscriptionId} failed (attempt {Attempt}: {Result}); retrying in {Delay}")]
    private static partial void LogAttemptFailed(ILogger logger, string type, Guid eventId, Guid subscriptionId, int attempt, string result, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery of {Type} {EventId} to subscription {SubscriptionId} failed for good after attempt {Attempt} ({Result})")]
    private static partial void LogDeliveryFailed(ILogger logger, string type, Guid eventId, Guid subscriptionId, int attempt, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {SubscriptionId} disabled: {Reason} after {Failures} consecutive failed attempts")]
    private static partial void LogSubscriptionDisabled(ILogger logger, Guid subscriptionId, string reason, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId}: the lease lapsed or the delivery is gone; its attempt is not recorded")]
    private static partial void LogLeaseLost(ILogger logger, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A webhook delivery round failed; the next one in {Delay}")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, TimeSpan delay);
}
