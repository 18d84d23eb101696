using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

/// <summary>A subscription as the API shows it: never its secrets.</summary>
/// <param name="DisabledReason"><c>disabled_by_user</c>, <c>gone</c> (the receiver answered 410) or <c>consecutive_failures</c>.</param>
/// <param name="ConsecutiveFailures">Failed attempts in a row, across deliveries; reset by a success or by enabling it again.</param>
/// <param name="PreviousSecretExpiresAt">While set and in the future, deliveries are also signed with the secret before the last rotation.</param>
public sealed record WebhookResponse(
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    bool Enabled,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    int ConsecutiveFailures,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WebhookResponse From(WebhookSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return new(
            subscription.Id, subscription.Url, WebhookRules.EventTypesOf(subscription.EventTypes), subscription.Description, subscription.Enabled,
            subscription.DisabledAt, subscription.DisabledReason, subscription.ConsecutiveFailures, subscription.PreviousSecretExpiresAt,
            subscription.CreatedAt, subscription.UpdatedAt);
    }
}

/// <summary>A new subscription with its signing secret: the only time the secret is shown.</summary>
public sealed record CreatedWebhookResponse(WebhookResponse Webhook, string Secret);

/// <summary>The subscription's new signing secret (shown this once) and until when the previous one still signs.</summary>
public sealed record WebhookSecretResponse(Guid Id, string Secret, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>One event's delivery to a subscription, with its attempts (oldest first).</summary>
/// <param name="Status"><c>pending</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="NextAttemptAt">When a pending delivery is tried next.</param>
public sealed record WebhookDeliveryResponse(
    Guid Id,
    Guid EventId,
    string EventType,
    string Status,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<WebhookAttemptResponse> Attempts)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery, IEnumerable<WebhookAttempt> attempts)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new(
            delivery.Id, delivery.EventId, delivery.EventType, StatusName(delivery.Status),
            delivery.Status == WebhookDeliveryStatus.Pending ? delivery.NextAttemptAt : null, delivery.CreatedAt, delivery.CompletedAt,
            [.. attempts.OrderBy(a => a.Number).Select(WebhookAttemptResponse.From)]);
    }

    public static readonly IReadOnlyList<string> Statuses = ["pending", "succeeded", "failed"];

    public static string StatusName(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => "pending",
        WebhookDeliveryStatus.Succeeded => "succeeded",
        _ => "failed",
    };

    public static WebhookDeliveryStatus StatusOf(string name) => name switch
    {
        "pending" => WebhookDeliveryStatus.Pending,
        "succeeded" => WebhookDeliveryStatus.Succeeded,
        _ => WebhookDeliveryStatus.Failed,
    };
}

/// <param name="StatusCode">The receiver's HTTP status, when it answered.</param>
/// <param name="Failure">When no usable answer came: <c>timeout</c>, <c>connection</c>, <c>refused_by_policy</c> (the address is not allowed) or <c>redirect</c> (3xx, not followed).</param>
public sealed record WebhookAttemptResponse(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Failure, bool Succeeded, int LatencyMs)
{
    public static WebhookAttemptResponse From(WebhookAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new(attempt.Number, attempt.AttemptedAt, attempt.StatusCode, attempt.Failure, attempt.Succeeded, attempt.LatencyMs);
    }
}
