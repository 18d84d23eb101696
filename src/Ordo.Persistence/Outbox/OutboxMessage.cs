namespace Ordo.Persistence.Outbox;

/// <summary>
/// One message waiting to leave the service, written in the same transaction as the change it reports (ADR 0022): a
/// domain event (its envelope as JSON) or an account email (encrypted). The dispatcher hands it to every consumer that
/// takes its type, in <see cref="Position"/> order within its <see cref="PartitionKey"/>.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxTypeLength = 100;
    public const int MaxPartitionKeyLength = 100;
    public const int MaxErrorLength = 1000;

    /// <summary>Assigned by the database on insert; orders the messages of one partition.</summary>
    public long Position { get; set; }

    /// <summary>The event id receivers de-duplicate on (stable across retries and transports).</summary>
    public Guid Id { get; set; }

    /// <summary>The event type (<c>order.paid</c>) or an internal kind (<c>account.email</c>).</summary>
    public string Type { get; set; } = null!;

    /// <summary>What must be delivered in order (<c>order:{id}</c>, <c>product:{id}</c>, <c>user:{id}</c>).</summary>
    public string PartitionKey { get; set; } = null!;

    /// <summary>What consumers receive: the event's JSON envelope, or an email sealed with the field protector.</summary>
    public string Body { get; set; } = null!;

    public DateTimeOffset OccurredAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Not before this time (a failed delivery waits out its back-off).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>
    /// Until when a dispatcher has taken the message (ADR 0022): no other instance takes it before this time, and the
    /// delivery happens outside any transaction. A dispatcher that died mid-delivery leaves a lease that runs out.
    /// </summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>
    /// Set when the message failed <c>Outbox:MaxAttempts</c> times: no longer retried, and no longer holding back the
    /// rest of its partition. An operator re-queues it by clearing this (and <see cref="Attempts"/>).
    /// </summary>
    public DateTimeOffset? ParkedAt { get; set; }

    /// <summary>The last failure's exception type (never its message, which may carry an address or a body), for operators.</summary>
    public string? LastError { get; set; }
}
