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

    /// <summary>The last failure's exception type and message (never a body), for operators.</summary>
    public string? LastError { get; set; }
}
