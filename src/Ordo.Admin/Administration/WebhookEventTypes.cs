namespace Ordo.Admin.Administration;

/// <summary>The event types Ordo publishes to webhooks (docs/events.md); <c>*</c> subscribes to all, including later ones.</summary>
public static class WebhookEventTypes
{
    public const string All = "*";

    public static readonly IReadOnlyList<string> Published =
    [
        "order.placed", "order.paid", "order.shipped", "order.delivered", "order.cancelled", "order.expired", "order.refunded",
        "product.stock_low", "customer.created",
    ];
}
