using static Ordo.Domain.Orders.FulfilmentStatus;
using static Ordo.Domain.Orders.OrderStatus;
using static Ordo.Domain.Orders.PaymentStatus;

namespace Ordo.Domain.Orders;

/// <summary>
/// The one table of which actions each (status, payment, fulfilment) combination allows. Every <see cref="Order"/>
/// method consults it before changing anything, and the API's <c>allowedActions</c> is read from it (also for
/// projections that never load the aggregate), so what we advertise and what we accept cannot drift apart.
/// </summary>
/// <remarks>
/// Transitions the methods then perform:
/// <code>
/// Pay      Pending/Unpaid                  → Open/Paid
/// Cancel   Pending                         → Cancelled
///          Open/Unfulfilled                → Cancelled/Refunded (remaining payment refunded in full)
/// Refund   Paid|PartiallyRefunded          → PartiallyRefunded, or Refunded once refunds reach the paid amount
/// Ship     Unfulfilled|PartiallyFulfilled  → PartiallyFulfilled, or Fulfilled once every unit has shipped
/// Deliver  Fulfilled and all delivered     → Completed/Delivered (otherwise only the shipment is marked)
/// Expire   Pending                         → Expired
/// </code>
/// </remarks>
public static class OrderStateMachine
{
    private static readonly (OrderAction Action, Func<OrderStatus, PaymentStatus, FulfilmentStatus, bool> IsAllowed)[] Table =
    [
        (OrderAction.Pay, (status, _, _) => status is Pending),
        (OrderAction.Cancel, (status, _, fulfilment) => status is Pending || (status is Open && fulfilment is Unfulfilled)),
        (OrderAction.Refund, (status, payment, _) => status is Open or Completed && payment is Paid or PartiallyRefunded),
        // Refunded money means the goods are no longer owed, so shipping stops.
        (OrderAction.Ship, (status, payment, fulfilment) =>
            status is Open && payment is Paid or PartiallyRefunded && fulfilment is Unfulfilled or PartiallyFulfilled),
        (OrderAction.Deliver, (status, _, fulfilment) => status is Open && fulfilment is PartiallyFulfilled or Fulfilled),
        (OrderAction.Expire, (status, _, _) => status is Pending),
    ];

    public static bool IsAllowed(OrderAction action, OrderStatus status, PaymentStatus payment, FulfilmentStatus fulfilment) =>
        Table.Single(rule => rule.Action == action).IsAllowed(status, payment, fulfilment);

    public static IReadOnlyList<OrderAction> AllowedActions(OrderStatus status, PaymentStatus payment, FulfilmentStatus fulfilment) =>
        [.. Table.Where(rule => rule.IsAllowed(status, payment, fulfilment)).Select(rule => rule.Action)];
}
