namespace Ordo.Api.Seeding;

/// <summary>
/// The life an order has lived by the time the demo data is taken, named by where it ends. Together they cover every
/// status, payment and fulfilment state the <see cref="Ordo.Domain.Orders.OrderStateMachine"/> can reach.
/// </summary>
internal enum OrderStory
{
    /// <summary>pending / unpaid / unfulfilled: placed minutes ago.</summary>
    AwaitingPayment,

    /// <summary>expired / unpaid: never paid, closed by the expiry job after the payment window; stock released.</summary>
    Expired,

    /// <summary>cancelled / unpaid: the customer changed their mind; stock released.</summary>
    CancelledBeforePayment,

    /// <summary>open / paid / unfulfilled: waiting for the warehouse.</summary>
    Paid,

    /// <summary>open / partially_refunded / unfulfilled: a price adjustment before shipping.</summary>
    PaidPartiallyRefunded,

    /// <summary>cancelled / refunded: paid, then cancelled before shipping; stock released.</summary>
    CancelledAfterPayment,

    /// <summary>open / paid / partially_fulfilled: one parcel is out, the rest is not.</summary>
    PartiallyShipped,

    /// <summary>open / paid / fulfilled: everything shipped, not all of it delivered yet.</summary>
    InTransit,

    /// <summary>completed / paid / delivered.</summary>
    Completed,

    /// <summary>completed / partially_refunded / delivered: a goodwill refund after delivery.</summary>
    CompletedPartiallyRefunded,

    /// <summary>completed / refunded / delivered: the whole payment returned after delivery.</summary>
    CompletedRefunded,
}

internal static class OrderStories
{
    public static readonly OrderStory[] All = Enum.GetValues<OrderStory>();

    /// <summary>Percent of orders per story; most orders of a year-old shop are long done.</summary>
    public static int Weight(OrderStory story) => story switch
    {
        OrderStory.AwaitingPayment => 5,
        OrderStory.Expired => 6,
        OrderStory.CancelledBeforePayment => 4,
        OrderStory.Paid => 6,
        OrderStory.PaidPartiallyRefunded => 2,
        OrderStory.CancelledAfterPayment => 4,
        OrderStory.PartiallyShipped => 4,
        OrderStory.InTransit => 7,
        OrderStory.Completed => 55,
        OrderStory.CompletedPartiallyRefunded => 5,
        OrderStory.CompletedRefunded => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(story), story, null),
    };
}
