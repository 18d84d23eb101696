namespace Ordo.Domain.Orders;

/// <summary>One entry of an order's timeline: who did what, when. Append-only.</summary>
public sealed class OrderEvent
{
    private OrderEvent()
    {
    }

    internal OrderEvent(Guid orderId, int sequence, string type, string actor, IReadOnlyDictionary<string, string> data, DateTimeOffset now)
    {
        Sequence = sequence;
        Id = Guid.CreateVersion7(now);
        OrderId = orderId;
        Type = type;
        Actor = actor;
        Data = data;
        OccurredAt = now;
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    /// <summary>1, 2, 3… within the order: the timeline's order even for events of the same instant.</summary>
    public int Sequence { get; private set; }

    /// <summary>One of <see cref="OrderEventTypes"/>.</summary>
    public string Type { get; private set; } = null!;

    public string Actor { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Data { get; private set; } = null!;

    public DateTimeOffset OccurredAt { get; private set; }
}

/// <summary>Timeline event types; stable strings that clients and webhooks may depend on.</summary>
public static class OrderEventTypes
{
    public const string Placed = "order.placed";
    public const string Paid = "order.paid";
    public const string Refunded = "order.refunded";
    public const string Cancelled = "order.cancelled";
    public const string Shipped = "order.shipped";
    public const string Delivered = "order.delivered";
    public const string Completed = "order.completed";
    public const string Expired = "order.expired";
    public const string MetadataChanged = "order.metadata_changed";

    /// <summary>Every type, in the order an order's life meets them.</summary>
    public static readonly IReadOnlyList<string> All = [Placed, Paid, Refunded, Cancelled, Shipped, Delivered, Completed, Expired, MetadataChanged];
}
