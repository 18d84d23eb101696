using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

public class OrderPaymentTests
{
    [Fact]
    public void Paying_the_exact_total_opens_the_order()
    {
        var order = PlacedOrder();

        Ok(order.Pay(Eur(2_800), " pi_123 ", Actor, Later));

        Assert.Equal((OrderStatus.Open, PaymentStatus.Paid), (order.Status, order.PaymentStatus));
        Assert.Equal((Eur(2_800), "pi_123"), (order.AmountPaid, order.PaymentReference));
        Assert.Equal(OrderEventTypes.Paid, order.Events[^1].Type);
        Assert.Equal(Later, order.UpdatedAt);
    }

    [Fact]
    public void A_payment_that_does_not_match_the_total_is_refused()
    {
        var order = PlacedOrder();

        var error = Failed(order.Pay(Eur(2_799), "pi_123", Actor, Later));

        Assert.Equal(("payment_amount_mismatch", ErrorKind.BusinessRule), (error.Code, error.Kind));
        Assert.Equal((OrderStatus.Pending, PaymentStatus.Unpaid), (order.Status, order.PaymentStatus));
    }

    [Fact]
    public void A_partial_refund_leaves_the_payment_partially_refunded()
    {
        var order = PaidOrder();

        var refund = Ok(order.Refund(Eur(1_000), "damaged box", "user:support", RefundAllowance.Unlimited, Later));

        Assert.Equal((Eur(1_000), "damaged box", "user:support"), (refund.Amount, refund.Reason, refund.Actor));
        Assert.Equal((PaymentStatus.PartiallyRefunded, Eur(1_000)), (order.PaymentStatus, order.AmountRefunded));
        Assert.Equal(OrderStatus.Open, order.Status);
        Assert.Equal(refund.Id.ToString(), order.Events[^1].Data["refundId"]);
    }

    [Fact]
    public void Refunding_the_rest_of_the_payment_marks_it_refunded()
    {
        var order = PaidOrder().Refunded(1_000);

        Ok(order.Refund(Eur(1_800), "returned", Actor, RefundAllowance.Unlimited, Later));

        Assert.Equal((PaymentStatus.Refunded, Eur(2_800)), (order.PaymentStatus, order.AmountRefunded));
    }

    [Fact]
    public void Refunds_beyond_the_paid_amount_are_refused_and_change_nothing()
    {
        var order = PaidOrder().Refunded(2_000);

        var error = Failed(order.Refund(Eur(801), "returned", Actor, RefundAllowance.Unlimited, Later));

        Assert.Equal(("refund_exceeds_paid_amount", ErrorKind.BusinessRule), (error.Code, error.Kind));
        Assert.Equal(800L, error.Details["refundable"]);
        Assert.Equal((PaymentStatus.PartiallyRefunded, Eur(2_000)), (order.PaymentStatus, order.AmountRefunded));
        Assert.Single(order.Refunds);
    }

    [Theory]
    [InlineData(0, "EUR", "invalid_amount")]
    [InlineData(-5, "EUR", "invalid_amount")]
    [InlineData(100, "USD", "currency_mismatch")]
    public void Refunds_must_be_positive_amounts_in_the_order_currency(long amount, string currency, string code)
    {
        Assert.Equal(code, Failed(PaidOrder().Refund(new Money(amount, currency), "why", Actor, RefundAllowance.Unlimited, Later)).Code);
    }

    [Fact]
    public void Cancelling_an_open_order_refunds_the_payment_in_full()
    {
        var order = PaidOrder();

        Ok(order.Cancel(Actor, RefundAllowance.Unlimited, Later));

        var refund = Assert.Single(order.Refunds);
        Assert.Equal((Eur(2_800), Order.CancellationRefundReason), (refund.Amount, refund.Reason));
        Assert.Equal((OrderStatus.Cancelled, PaymentStatus.Refunded), (order.Status, order.PaymentStatus));
        Assert.Equal([OrderEventTypes.Refunded, OrderEventTypes.Cancelled], order.Events.Skip(2).Select(e => e.Type));
    }

    [Fact]
    public void Cancelling_a_partially_refunded_order_refunds_only_the_remainder()
    {
        var order = PaidOrder().Refunded(500);

        Ok(order.Cancel(Actor, RefundAllowance.Unlimited, Later));

        Assert.Equal(Eur(2_300), order.Refunds[^1].Amount);
        Assert.Equal((Eur(2_800), PaymentStatus.Refunded), (order.AmountRefunded, order.PaymentStatus));
    }

    [Fact]
    public void Cancelling_a_pending_order_refunds_nothing()
    {
        var order = PlacedOrder();

        Ok(order.Cancel(Actor, RefundAllowance.Unlimited, Later));

        Assert.Empty(order.Refunds);
        Assert.Equal((OrderStatus.Cancelled, PaymentStatus.Unpaid), (order.Status, order.PaymentStatus));
    }

    [Fact]
    public void An_unpaid_order_expires_with_the_system_as_actor()
    {
        var order = PlacedOrder();

        Ok(order.Expire("system", Deadline));

        Assert.Equal(OrderStatus.Expired, order.Status);
        Assert.Equal((OrderEventTypes.Expired, "system"), (order.Events[^1].Type, order.Events[^1].Actor));
    }

    [Property]
    public Property No_sequence_of_refunds_exceeds_the_payment_and_the_status_follows_the_refunded_amount()
    {
        return Prop.ForAll(Gen.ListOf(Gen.Choose(-500, 3_500)).ToArbitrary(), amounts =>
        {
            var order = PaidOrder();
            foreach (var amount in amounts)
            {
                var refundedBefore = order.AmountRefunded;
                var result = order.Refund(Eur(amount), "refund", Actor, RefundAllowance.Unlimited, Later);
                var refunded = order.AmountRefunded.Amount;
                var paid = order.AmountPaid.Amount;
                var expectedStatus = refunded == 0 ? PaymentStatus.Paid
                    : refunded < paid ? PaymentStatus.PartiallyRefunded
                    : PaymentStatus.Refunded;

                if (refunded > paid
                    || refunded != order.Refunds.Sum(r => r.Amount.Amount)
                    || order.PaymentStatus != expectedStatus
                    || (result.IsFailure && order.AmountRefunded != refundedBefore))
                {
                    return false;
                }
            }

            return true;
        });
    }
}
