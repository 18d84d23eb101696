using Ordo.Domain.Common;

namespace Ordo.Api.Features.Webhooks;

/// <summary>The error catalogue of webhook subscriptions (see <see cref="ErrorCode"/>).</summary>
public static class WebhookErrors
{
    public static readonly ErrorCode InvalidUrl = new(
        "invalid_webhook_url", ErrorKind.Validation, "A webhook URL must be absolute, `https` (unless the service allows `http`), without user name or password, and at most 2048 characters.");

    public static readonly ErrorCode TargetRefused = new(
        "webhook_target_refused", ErrorKind.Validation, "The webhook URL's host is a private, loopback, link-local or reserved address, which the service does not deliver to.");

    public static readonly ErrorCode UnknownEventTypes = new(
        "unknown_event_types", ErrorKind.Validation, "`eventTypes` must be `[\"*\"]` or a non-empty list of published event types (docs/events.md); `detail` names the others.");

    public static readonly ErrorCode InvalidOverlap = new(
        "invalid_overlap", ErrorKind.Validation, "`overlapSeconds` must be between 0 and 604800 (7 days).");

    public static readonly ErrorCode DeliveryInFlight = new(
        "webhook_delivery_in_flight", ErrorKind.Conflict, "The delivery is being sent right now; ask again once the attempt is recorded.");

    public static readonly ErrorCode SubscriptionDisabled = new(
        "webhook_disabled", ErrorKind.Conflict, "The subscription is disabled: enable it (PATCH `enabled: true`) before redelivering.");
}
