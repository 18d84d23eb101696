using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Persistence;
using Ordo.Persistence.Outbox;

namespace Ordo.Api.Infrastructure.Messaging;

/// <summary>
/// Delivers the outbox to its consumers, at least once and in order per partition (ADR 0022). Each round takes the
/// oldest undelivered message of each partition whose back-off has passed, so a message is never handed out while an
/// earlier one of its partition is still undelivered, failing or in flight. On PostgreSQL the round runs in a
/// transaction that locks what it took (<c>FOR UPDATE SKIP LOCKED</c>): several instances dispatch at once, each
/// taking other partitions' heads, and a partition's next message becomes a head only when the delivery of the one
/// before has committed. SQLite is the single-instance option: one loop, no locks.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IServiceProvider services,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);
    // Resolved at the first delivery, not when the host builds its hosted services: some consumers need settings
    // (PII keys, the broker) that start-up validation should report first, each with its own line.
    private IOutboxConsumer[]? _consumers;
    private readonly SemaphoreSlim _round = new(1, 1);
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Dispatch)
        {
            return;
        }

        var failedRounds = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var taken = 0;
            var wait = options.Value.PollInterval;
            try
            {
                taken = await DispatchRoundAsync(stoppingToken);
                if (time.GetUtcNow() >= _nextPurge)
                {
                    await PurgeDeliveredAsync(stoppingToken);
                    _nextPurge = time.GetUtcNow() + PurgeInterval;
                }

                failedRounds = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // An outage (database down, schema not migrated yet) must not stop the host; later rounds try again,
                // backing off so that a long outage doesn't fill the log.
                failedRounds++;
                wait = RetryDelay(failedRounds);
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

    /// <summary>One round: delivers the head of each partition that is due (at most a batch); returns how many it took.</summary>
    public async Task<int> DispatchRoundAsync(CancellationToken cancellationToken)
    {
        // Rounds of one instance never overlap (a test may call this while the loop runs).
        await _round.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            var now = time.GetUtcNow();
            var batchSize = options.Value.BatchSize;
            if (db.IsSqlite)
            {
                var heads = await db.OutboxMessages
                    .Where(m => m.DeliveredAt == null && m.NextAttemptAt <= now)
                    .Where(m => !db.OutboxMessages.Any(e => e.PartitionKey == m.PartitionKey && e.DeliveredAt == null && e.Position < m.Position))
                    .OrderBy(m => m.Position)
                    .Take(batchSize)
                    .ToListAsync(cancellationToken);
                foreach (var message in heads)
                {
                    await DeliverAsync(db, message, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                }

                return heads.Count;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var locked = await db.OutboxMessages.FromSql($"""
                SELECT * FROM outbox_messages m
                WHERE m.delivered_at IS NULL AND m.next_attempt_at <= {now}
                  AND NOT EXISTS (
                    SELECT 1 FROM outbox_messages e
                    WHERE e.partition_key = m.partition_key AND e.delivered_at IS NULL AND e.position < m.position)
                ORDER BY m.position
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);
            foreach (var message in locked)
            {
                await DeliverAsync(db, message, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return locked.Count;
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>Deletes delivered messages older than <see cref="OutboxOptions.Retention"/>.</summary>
    public async Task<int> PurgeDeliveredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        DateTimeOffset? cutoff = time.GetUtcNow() - options.Value.Retention;
        return await db.OutboxMessages.Where(m => m.DeliveredAt != null && m.DeliveredAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task DeliverAsync(OrdoDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        message.Attempts++;
        var delivery = new OutboxDelivery(message.Id, message.Type, message.PartitionKey, message.OccurredAt, message.Body, message.Attempts);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.DeliveryTimeout);
            _consumers ??= [.. services.GetServices<IOutboxConsumer>()];
            foreach (var consumer in _consumers.Where(c => c.Consumes(message.Type)))
            {
                await consumer.DeliverAsync(delivery, timeout.Token);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var delay = RetryDelay(message.Attempts);
            message.NextAttemptAt = time.GetUtcNow() + delay;
            message.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}", OutboxMessage.MaxErrorLength);
            LogDeliveryFailed(logger, ex, message.Type, message.Id, message.Attempts, delay);
            return;
        }

        message.DeliveredAt = time.GetUtcNow();
        services.GetRequiredService<Telemetry.OrdoMetrics>().OutboxDelivered(message.Type, message.DeliveredAt.Value - message.OccurredAt);
        message.LastError = null;
        if (OutboxMessageTypes.IsPurgedOnDelivery(message.Type))
        {
            // Sent: its link is a secret, and nothing needs the message any more.
            db.OutboxMessages.Remove(message);
        }
    }

    /// <summary>Doubling from <see cref="OutboxOptions.FirstRetryDelay"/>, capped, with up to a fifth of jitter so retries spread out.</summary>
    private TimeSpan RetryDelay(int attempts)
    {
        var first = options.Value.FirstRetryDelay;
        var max = options.Value.MaxRetryDelay;
        var doubled = first * Math.Pow(2, Math.Min(attempts - 1, 30));
        var delay = doubled > max ? max : doubled;
        return delay + (delay * (RandomNumberGenerator.GetInt32(0, 200) / 1000.0));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    public override void Dispose()
    {
        _round.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering outbox message {Type} {MessageId} failed (attempt {Attempt}); retrying in {Delay}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, string type, Guid messageId, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "An outbox dispatch round failed; the next one in {Delay}")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, TimeSpan delay);
}
