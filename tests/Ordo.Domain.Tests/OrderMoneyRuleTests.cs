using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

/// <summary>The money rules an order decides itself: shipping fee, caps, the bound on totals, the payment deadline, refund allowances.</summary>
public class OrderMoneyRuleTests
{
    private static readonly ShippingRate FlatFreeFrom50 = new(Eur(495), Eur(5_000));

    [Theory]
    [InlineData(4_999, 495)]
    [InlineData(5_000, 0)]
    public void The_shipping_fee_comes_from_the_rate_and_is_waived_from_its_threshold(long subtotal, long fee)
    {
        var order = Ok(Place([Line(subtotal, 1)], Terms(FlatFreeFrom50)));

        Assert.Equal((Eur(fee), Eur(subtotal + fee)), (order.ShippingFee, order.Total));
    }

    [Fact]
    public void An_override_replaces_the_rate_and_is_recorded_on_the_placed_event()
    {
        var order = Ok(Place([Line(1_000, 1)], Terms(FlatFreeFrom50), shippingFeeOverride: Eur(0)));

        Assert.Equal(Eur(0), order.ShippingFee);
        Assert.Equal("0", order.Events[0].Data["shippingFeeOverride"]);
        Assert.False(Ok(Place([Line(1_000, 1)], Terms(FlatFreeFrom50))).Events[0].Data.ContainsKey("shippingFeeOverride"));
    }

    [Fact]
    public void A_line_may_not_order_more_units_than_the_cap()
    {
        var error = Failed(Place([Line(100, 5), Line(100, 6)], Terms(maxUnitsPerLine: 5)));

        Assert.Equal(("units_per_line_cap_exceeded", ErrorKind.BusinessRule, 6), (error.Code, error.Kind, (int)error.Details["requested"]!));
    }

    [Fact]
    public void A_customer_at_the_cap_of_open_unpaid_orders_cannot_place_another()
    {
        var terms = Terms(maxOpenUnpaidOrders: 2);

        Ok(Place([Line(100, 1)], terms, new UnpaidOrders(1, Eur(100))));
        var error = Failed(Place([Line(100, 1)], terms, new UnpaidOrders(2, Eur(200))));

        Assert.Equal(("open_unpaid_orders_cap_exceeded", ErrorKind.Conflict), (error.Code, error.Kind));
    }

    [Fact]
    public void Unpaid_orders_may_reserve_goods_up_to_the_value_cap_and_not_beyond()
    {
        var terms = Terms(maxReservedValue: 10_000);

        Ok(Place([Line(4_000, 1)], terms, new UnpaidOrders(1, Eur(6_000))));
        var error = Failed(Place([Line(4_001, 1)], terms, new UnpaidOrders(1, Eur(6_000))));

        Assert.Equal(("reserved_value_cap_exceeded", ErrorKind.Conflict), (error.Code, error.Kind));
    }

    [Property]
    public Property Every_order_that_is_placed_has_a_total_that_can_be_paid()
    {
        var prices = Gen.Choose(0, 10_000).Select(p => p * 1_000_000_000L).Zip(Gen.Choose(1, 100_000));
        return Prop.ForAll(Gen.NonEmptyListOf(prices).Select(l => l.Take(10).ToList()).ToArbitrary(), lines =>
        {
            var placed = Place([.. lines.Select(l => Line(l.Item1, l.Item2))]);
            if (placed.IsFailure)
            {
                return placed.Error.Code == "amount_too_large"
                    && lines.Sum(l => (decimal)l.Item1 * l.Item2) + 300 > Money.MaxAmount;
            }

            var order = placed.Value;
            return order.Total.Amount <= Money.MaxAmount
                && Money.Create(order.Total.Amount, "EUR").IsSuccess
                && order.Pay(order.Total, "pi_1", Actor, Later).IsSuccess;
        });
    }

    [Fact]
    public void An_order_cannot_be_paid_from_its_deadline_on_and_cannot_expire_before_it()
    {
        var late = PlacedOrder();
        var early = PlacedOrder();

        var payment = Failed(late.Pay(late.Total, "pi_1", Actor, Deadline));
        var expiry = Failed(early.Expire("system", Deadline.AddTicks(-1)));

        Assert.Equal(("payment_window_closed", ErrorKind.Conflict), (payment.Code, payment.Kind));
        Assert.Equal(("payment_window_open", ErrorKind.Conflict), (expiry.Code, expiry.Kind));
        Assert.Equal(OrderStatus.Pending, late.Status);
        Ok(late.Expire("system", Deadline));
        Ok(early.Pay(early.Total, "pi_1", Actor, Deadline.AddTicks(-1)));
    }

    [Fact]
    public void An_agents_refunds_on_an_order_add_up_against_their_limit_and_other_agents_have_their_own()
    {
        var order = PlacedWith(30_000).PaidInFull();
        var limited = RefundAllowance.UpToLimit(Policy(refundLimit: 10_000));

        Ok(order.Refund(Eur(6_000), "goodwill", "agent:1", limited, Later));
        var error = Failed(order.Refund(Eur(4_001), "goodwill", "agent:1", limited, Later));
        Ok(order.Refund(Eur(4_000), "goodwill", "agent:1", limited, Later));
        Ok(order.Refund(Eur(10_000), "goodwill", "agent:2", limited, Later));

        Assert.Equal(("refund_limit_exceeded", ErrorKind.Forbidden), (error.Code, error.Kind));
        Assert.Equal((Eur(10_000), Eur(10_000)), (order.RefundedBy("agent:1"), order.RefundedBy("agent:2")));
    }

    [Fact]
    public void Cancelling_a_paid_order_refunds_within_the_cancellers_allowance_or_not_at_all()
    {
        var limited = RefundAllowance.UpToLimit(Policy(refundLimit: 10_000));
        var order = PlacedWith(12_000).PaidInFull();
        Ok(order.Refund(Eur(6_000), "goodwill", "agent:1", limited, Later));

        var overLimit = Failed(order.Cancel("agent:1", limited, Later));
        var byCustomer = Failed(order.Cancel("customer:1", RefundAllowance.None, Later));
        Ok(order.Cancel("agent:2", limited, Later));

        Assert.Equal(("refund_limit_exceeded", "refund_not_permitted"), (overLimit.Code, byCustomer.Code));
        Assert.Equal((OrderStatus.Cancelled, Eur(6_000)), (order.Status, order.RefundedBy("agent:2")));
        Ok(PlacedOrder().Cancel("customer:1", RefundAllowance.None, Later));
    }

    [Fact]
    public void The_refund_limit_is_the_one_of_the_orders_currency_and_nothing_without_terms()
    {
        static Money Yen(long amount) => new(amount, "JPY");
        var yen = new OrderTerms("JPY", new ShippingRate(Yen(800), null), 10, 100, Yen(Money.MaxAmount), Yen(15_000), PaymentWindow);
        var policy = new OrderPolicy([Terms(refundLimit: 10_000), yen]);

        Assert.Equal((Yen(15_000), Eur(10_000), new Money(0, "CHF")), (policy.RefundLimitIn("JPY"), policy.RefundLimitIn("EUR"), policy.RefundLimitIn("CHF")));
        Assert.Equal("currency_not_accepted", Failed(policy.TermsFor("chf")).Code);
        Assert.Equal("invalid_currency", Failed(policy.TermsFor("XAU")).Code);
        Assert.Equal("JPY", Ok(policy.TermsFor(" jpy ")).Currency);
    }

    [Property]
    public Property No_sequence_of_refunds_and_a_cancellation_takes_an_agent_past_their_limit_or_the_order_past_its_payment()
    {
        var actions = Gen.ListOf(Gen.Choose(0, 2).Zip(Gen.Choose(-100, 8_000)));
        return Prop.ForAll(actions.ToArbitrary(), steps =>
        {
            const long Limit = 10_000;
            var allowance = RefundAllowance.UpToLimit(Policy(refundLimit: Limit));
            var order = PlacedWith(25_000).PaidInFull();
            foreach (var (agent, amount) in steps)
            {
                var actor = $"agent:{agent}";
                var before = (order.AmountRefunded, order.Status);
                var result = amount % 7 == 0
                    ? order.Cancel(actor, allowance, Later)
                    : order.Refund(Eur(amount), "r", actor, allowance, Later);
                if (result.IsFailure && (order.AmountRefunded, order.Status) != before)
                {
                    return false;
                }
            }

            return order.AmountRefunded.Amount <= order.AmountPaid.Amount
                && order.Refunds.GroupBy(r => r.Actor).All(byAgent => byAgent.Sum(r => r.Amount.Amount) <= Limit)
                && order.Refunds.Sum(r => r.Amount.Amount) == order.AmountRefunded.Amount;
        });
    }

    /// <summary>One line at <paramref name="subtotal"/>, shipped free.</summary>
    [Theory]
    [InlineData(-1L)]
    [InlineData(Money.MaxAmount + 1)]
    public void A_shipping_fee_outside_0_to_the_largest_amount_is_refused(long fee) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShippingRate(Eur(fee), null));

    [Theory]
    [InlineData(0L)]
    [InlineData(Money.MaxAmount)]
    public void A_shipping_fee_from_0_to_the_largest_amount_is_taken(long fee) =>
        Assert.Equal(Eur(fee), new ShippingRate(Eur(fee), null).Fee);

    [Theory]
    [InlineData(0L, "EUR")]
    [InlineData(-5L, "EUR")]
    [InlineData(Money.MaxAmount + 1, "EUR")]
    [InlineData(5_000L, "USD")]
    public void A_free_shipping_threshold_must_be_positive_at_most_the_largest_amount_and_in_the_fees_currency(long amount, string currency) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShippingRate(Eur(495), new Money(amount, currency)));

    [Theory]
    [InlineData(1L)]
    [InlineData(Money.MaxAmount)]
    public void A_free_shipping_threshold_from_1_to_the_largest_amount_is_taken(long amount) =>
        Assert.Equal(Eur(amount), new ShippingRate(Eur(495), Eur(amount)).FreeFrom);

    private static Order PlacedWith(long subtotal) => Ok(Place([Line(subtotal, 1)], Terms(new ShippingRate(Eur(0), null))));
}
