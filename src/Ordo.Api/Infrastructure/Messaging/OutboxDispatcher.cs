using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Persistence;
using Ordo.Persistence.Outbox;

namespace Ordo.Api.Infrastructure.Messaging;

/// <summary>
/// Delivers the outbox to its consumers, at least once and in order per partition (ADR 0022). Each round takes the
/// oldest pending message of each partition whose back-off has passed, so a message is never handed out while an
/// earlier one of its partition is still undelivered, failing or in flight. Taking a message leases it (on PostgreSQL
/// with <c>FOR UPDATE SKIP LOCKED</c>, committed before any delivery): several instances dispatch at once, each taking
/// other partitions' heads, with no transaction open while a consumer works. A message that keeps failing is parked
/// after <see cref="OutboxOptions.MaxAttempts"/> so that it stops holding back its partition. SQLite is the
/// single-instance option: one loop, no leases needed.
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
            var taken = await TakeHeadsAsync(db, cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.Value.DeliveryTimeout);
            foreach (var message in taken)
            {
                if (deadline.IsCancellationRequested)
                {
                    // Not tried this round: back to the pool without counting an attempt.
                    message.LockedUntil = null;
                }
                else
                {
                    await DeliverAsync(db, message, deadline.Token, cancellationToken);
                }

                // Each outcome commits on its own, so a crash later in the round repeats none of the deliveries before it.
                await db.SaveChangesAsync(cancellationToken);
            }

            return taken.Count;
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>
    /// Takes the due heads: messages with no pending (undelivered, unparked) message before them in their partition,
    /// and no lease running. On PostgreSQL one statement leases them (<c>FOR UPDATE SKIP LOCKED</c>, committed at once),
    /// so no transaction stays open while consumers work, and another instance neither takes them nor, since they are
    /// still pending, the next message of their partitions. SQLite is the single-instance option: a plain query.
    /// </summary>
    private async Task<List<OutboxMessage>> TakeHeadsAsync(OrdoDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var batchSize = options.Value.BatchSize;
        if (db.IsSqlite)
        {
            return await db.OutboxMessages
                .Where(m => m.DeliveredAt == null && m.ParkedAt == null && m.NextAttemptAt <= now)
                .Where(m => m.LockedUntil == null || m.LockedUntil <= now)
                .Where(m => !db.OutboxMessages.Any(e =>
                    e.PartitionKey == m.PartitionKey && e.DeliveredAt == null && e.ParkedAt == null && e.Position < m.Position))
                .OrderBy(m => m.Position)
                .Take(batchSize)
                .ToListAsync(cancellationToken);
        }

        DateTimeOffset leaseEnd = now + (options.Value.DeliveryTimeout * 2);
        var taken = await db.OutboxMessages.FromSql($"""
            UPDATE outbox_messages SET locked_until = {leaseEnd}
            WHERE position IN (
              SELECT m.position FROM outbox_messages m
              WHERE m.delivered_at IS NULL AND m.parked_at IS NULL AND m.next_attempt_at <= {now}
                AND (m.locked_until IS NULL OR m.locked_until <= {now})
                AND NOT EXISTS (
                  SELECT 1 FROM outbox_messages e
                  WHERE e.partition_key = m.partition_key AND e.delivered_at IS NULL AND e.parked_at IS NULL
                    AND e.position < m.position)
              ORDER BY m.position
              LIMIT {batchSize}
              FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).ToListAsync(cancellationToken);
        return [.. taken.OrderBy(m => m.Position)];
    }

    /// <summary>Deletes delivered messages older than <see cref="OutboxOptions.Retention"/>.</summary>
    public async Task<int> PurgeDeliveredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        DateTimeOffset? cutoff = time.GetUtcNow() - options.Value.Retention;
        return await db.OutboxMessages.Where(m => m.DeliveredAt != null && m.DeliveredAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task DeliverAsync(OrdoDbContext db, OutboxMessage message, CancellationToken deadline, CancellationToken stopping)
    {
        message.Attempts++;
        message.LockedUntil = null;
        var delivery = new OutboxDelivery(message.Id, message.Type, message.PartitionKey, message.OccurredAt, message.Body, message.Attempts);
        try
        {
            _consumers ??= [.. services.GetServices<IOutboxConsumer>()];
            foreach (var consumer in _consumers.Where(c => c.Consumes(message.Type)))
            {
                await consumer.DeliverAsync(delivery, deadline);
            }
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            // The type only: an exception's message may quote an address, a body or a server's answer.
            var error = ex.GetType().Name;
            message.LastError = Truncate(error, OutboxMessage.MaxErrorLength);
            if (message.Attempts >= options.Value.MaxAttempts)
            {
                message.ParkedAt = time.GetUtcNow();
                LogParked(logger, message.Type, message.Id, message.Attempts, error);
                return;
            }

            var delay = RetryDelay(message.Attempts);
            message.NextAttemptAt = time.GetUtcNow() + delay;
            LogDeliveryFailed(logger, message.Type, message.Id, message.Attempts, error, delay);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering outbox message {Type} {MessageId} failed (attempt {Attempt}, {Error}); retrying in {Delay}")]
    private static partial void LogDeliveryFailed(ILogger logger, string type, Guid messageId, int attempt, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {Type} {MessageId} failed {Attempt} times ({Error}) and is parked: it is no longer retried, and the rest of its partition goes on without it")]
    private static partial void LogParked(ILogger logger, string type, Guid messageId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "An outbox dispatch round failed; the next one in {Delay}")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, TimeSpan delay);
}
