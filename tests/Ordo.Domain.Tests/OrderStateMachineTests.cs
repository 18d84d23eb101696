using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using static Ordo.Domain.Orders.FulfilmentStatus;
using static Ordo.Domain.Orders.OrderStatus;
using static Ordo.Domain.Orders.PaymentStatus;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

/// <summary>
/// Walks every reachable state combination through every action. The expected table is written out here
/// independently of <see cref="OrderStateMachine"/>, so a change to the rules has to change both.
/// </summary>
public class OrderStateMachineTests
{
    private sealed record ReachableState(
        Func<Order> Reach,
        OrderStatus Status,
        PaymentStatus Payment,
        FulfilmentStatus Fulfilment,
        OrderAction[] Allowed);

    private static readonly Dictionary<string, ReachableState> States = new()
    {
        ["placed"] = new(PlacedOrder, Pending, Unpaid, Unfulfilled, [OrderAction.Pay, OrderAction.Cancel, OrderAction.Expire]),
        ["placed, cancelled"] = new(() => PlacedOrder().Cancelled(), Cancelled, Unpaid, Unfulfilled, []),
        ["placed, expired"] = new(() => PlacedOrder().Expired(), Expired, Unpaid, Unfulfilled, []),
        ["paid"] = new(PaidOrder, Open, Paid, Unfulfilled, [OrderAction.Cancel, OrderAction.Refund, OrderAction.Ship]),
        ["paid, part refunded"] = new(() => PaidOrder().Refunded(1_000), Open, PartiallyRefunded, Unfulfilled, [OrderAction.Cancel, OrderAction.Refund, OrderAction.Ship]),
        ["paid, refunded"] = new(() => PaidOrder().RefundedInFull(), Open, Refunded, Unfulfilled, [OrderAction.Cancel]),
        ["paid, cancelled"] = new(() => PaidOrder().Cancelled(), Cancelled, Refunded, Unfulfilled, []),
        ["paid, part shipped"] = new(() => PaidOrder().Shipped(0, 1), Open, Paid, PartiallyFulfilled, [OrderAction.Refund, OrderAction.Ship, OrderAction.Deliver]),
        ["paid, part shipped, part refunded"] = new(() => PaidOrder().Shipped(0, 1).Refunded(1_000), Open, PartiallyRefunded, PartiallyFulfilled, [OrderAction.Refund, OrderAction.Ship, OrderAction.Deliver]),
        ["paid, part shipped, refunded"] = new(() => PaidOrder().Shipped(0, 1).RefundedInFull(), Open, Refunded, PartiallyFulfilled, [OrderAction.Deliver]),
        ["paid, shipped"] = new(() => PaidOrder().ShippedInFull(), Open, Paid, Fulfilled, [OrderAction.Refund, OrderAction.Deliver]),
        ["paid, shipped, part refunded"] = new(() => PaidOrder().ShippedInFull().Refunded(1_000), Open, PartiallyRefunded, Fulfilled, [OrderAction.Refund, OrderAction.Deliver]),
        ["paid, shipped, refunded"] = new(() => PaidOrder().ShippedInFull().RefundedInFull(), Open, Refunded, Fulfilled, [OrderAction.Deliver]),
        ["completed"] = new(() => PaidOrder().ShippedInFull().DeliveredInFull(), Completed, Paid, Delivered, [OrderAction.Refund]),
        ["completed, part refunded"] = new(() => PaidOrder().ShippedInFull().DeliveredInFull().Refunded(1_000), Completed, PartiallyRefunded, Delivered, [OrderAction.Refund]),
        ["completed, refunded"] = new(() => PaidOrder().ShippedInFull().DeliveredInFull().RefundedInFull(), Completed, Refunded, Delivered, []),
    };

    public static TheoryData<string, OrderAction> EveryStateAndAction()
    {
        var data = new TheoryData<string, OrderAction>();
        foreach (var state in States.Keys)
        {
            foreach (var action in Enum.GetValues<OrderAction>())
            {
                data.Add(state, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndAction))]
    public void An_action_succeeds_exactly_when_the_state_allows_it_and_a_refused_one_changes_nothing(string state, OrderAction action)
    {
        var expected = States[state];
        var order = expected.Reach();
        Assert.Equal((expected.Status, expected.Payment, expected.Fulfilment), (order.Status, order.PaymentStatus, order.FulfilmentStatus));
        Assert.Equal(expected.Allowed.Order(), order.AllowedActions.Order());

        var before = Observe(order);
        var result = Perform(order, action);

        if (expected.Allowed.Contains(action))
        {
            Assert.True(result.IsSuccess, result.Error?.Message);
        }
        else
        {
            Assert.Equal(("action_not_allowed", ErrorKind.Conflict), (result.Error?.Code, result.Error?.Kind));
            Assert.Equal(before, Observe(order));
        }
    }

    [Fact]
    public void Every_reachable_state_combination_is_covered()
    {
        var reached = States.Values.Select(s => (s.Status, s.Payment, s.Fulfilment)).Distinct();

        Assert.Equal(States.Count, reached.Count());
    }

    /// <summary>Tries the action with arguments that would be valid if the state allowed it (a payment inside the window, an expiry after it).</summary>
    private static Result Perform(Order order, OrderAction action)
    {
        var lineToShip = order.Lines.FirstOrDefault(l => l.UnshippedQuantity > 0) ?? order.Lines[0];
        var shipmentToDeliver = order.Shipments.FirstOrDefault(s => !s.IsDelivered)?.Id ?? Guid.NewGuid();
        return action switch
        {
            OrderAction.Pay => order.Pay(order.Total, "pi_999", Actor, Later.AddMinutes(1)),
            OrderAction.Cancel => order.Cancel(Actor, RefundAllowance.Unlimited, Later.AddDays(1)),
            OrderAction.Refund => order.Refund(Eur(1), "goodwill", Actor, RefundAllowance.Unlimited, Later.AddDays(1)),
            OrderAction.Ship => order.Ship([new ShipmentLine(lineToShip.Id, 1)], "UPS", "1Z999", Actor, Later.AddDays(1)),
            OrderAction.Deliver => order.Deliver(shipmentToDeliver, Actor, Later.AddDays(1)),
            OrderAction.Expire => order.Expire("system", Deadline.AddDays(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
    }

    private static string Observe(Order order) => string.Join(
        " | ",
        order.Status,
        order.PaymentStatus,
        order.FulfilmentStatus,
        order.AmountPaid,
        order.AmountRefunded,
        order.UpdatedAt,
        order.Events.Count,
        order.Refunds.Count,
        order.Shipments.Count(s => s.IsDelivered),
        string.Join(",", order.Lines.Select(l => l.ShippedQuantity)));
}
