using Ordo.Admin.Orders;

namespace Ordo.Admin.Tests;

public sealed class OrderActionsTests
{
    private static HashSet<string> Holding(params string[] permissions) => new(permissions, StringComparer.Ordinal);

    [Fact]
    public void An_action_is_offered_only_when_the_order_allows_it_and_the_caller_holds_its_permission()
    {
        var offered = OrderActions.Offered(["pay", "cancel"], Holding("orders.read", "orders.cancel", "orders.refund"));

        Assert.Equal(["cancel"], offered);
    }

    [Fact]
    public void A_permission_offers_nothing_the_order_does_not_allow()
    {
        var offered = OrderActions.Offered(["ship"], Holding("orders.pay", "orders.cancel", "orders.refund"));

        Assert.Empty(offered);
    }

    [Fact]
    public void Shipping_and_delivering_both_need_the_fulfil_permission()
    {
        Assert.Equal(["ship", "deliver"], OrderActions.Offered(["ship", "deliver", "refund"], Holding("orders.fulfil")));
    }

    [Fact]
    public void An_action_the_panel_does_not_know_is_never_offered()
    {
        Assert.Equal(["pay"], OrderActions.Offered(["pay", "teleport", "expire"], Holding("orders.pay", "teleport", "expire")));
    }
}
