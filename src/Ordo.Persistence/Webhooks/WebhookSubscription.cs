namespace Ordo.Persistence.Webhooks;

/// <summary>
/// A receiver of domain events over signed HTTP POSTs (ADR 0024). Secrets are stored sealed with the field protector,
/// never in clear; while a rotated-out secret is within its overlap, deliveries carry a signature for each.
/// </summary>
public sealed class WebhookSubscription
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 500;
    public const int MaxEventTypesLength = 1000;
    public const int MaxDisabledReasonLength = 200;

    public Guid Id { get; set; }

    public string Url { get; set; } = null!;

    /// <summary>The event types it receives, space-separated in catalogue order, or <c>*</c> for every published type.</summary>
    public string EventTypes { get; set; } = null!;

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Why the service disabled it (<c>gone</c>, <c>consecutive_failures</c>) or <c>disabled_by_user</c>.</summary>
    public string? DisabledReason { get; set; }

    /// <summary>Failed attempts since the last success, across deliveries; reaching the limit disables the subscription.</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>The signing secret, sealed with the field protector.</summary>
    public string SecretSealed { get; set; } = null!;

    /// <summary>The secret before the last rotation, sealed, signed with too until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecretSealed { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The optimistic concurrency token behind the ETag; raised by every change made through the API or by a disable.</summary>
    public long Version { get; set; } = 1;
}

/// <summary>The state of one event's delivery to one subscription.</summary>
public enum WebhookDeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// One event to one subscription: created by the outbox fan-out (unique per subscription and event id, so a repeated
/// outbox delivery adds nothing), sent by the delivery worker under a lease until it succeeds or fails for good.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxEventTypeLength = 100;

    public Guid Id { get; set; }

    public Guid SubscriptionId { get; set; }

    /// <summary>The domain event's id: the same as on RabbitMQ and in the envelope; receivers de-duplicate on it.</summary>
    public Guid EventId { get; set; }

    public string EventType { get; set; } = null!;

    /// <summary>The envelope exactly as the outbox holds it: the bytes that are signed and sent.</summary>
    public string Body { get; set; } = null!;

    public WebhookDeliveryStatus Status { get; set; }

    /// <summary>Attempts made in all (manual redeliveries continue the numbering).</summary>
    public int Attempts { get; set; }

    /// <summary>Attempts in the current cycle (reset by a manual redelivery); drives the retry schedule.</summary>
    public int CycleAttempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Who holds the delivery while sending it (a new token per claim); null when nobody does.</summary>
    public Guid? LeaseToken { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public List<WebhookAttempt> AttemptLog { get; } = [];
}

/// <summary>One POST of a delivery: when, how it ended and how long it took. Never the response body.</summary>
public sealed class WebhookAttempt
{
    public const int MaxFailureLength = 32;

    public Guid Id { get; set; }

    public Guid DeliveryId { get; set; }

    public int Number { get; set; }

    public DateTimeOffset AttemptedAt { get; set; }

    /// <summary>The receiver's HTTP status, when it answered.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Why no usable answer came: <c>timeout</c>, <c>connection</c>, <c>refused_by_policy</c>, <c>redirect</c>; null when it answered.</summary>
    public string? Failure { get; set; }

    public bool Succeeded { get; set; }

    public int LatencyMs { get; set; }
}
