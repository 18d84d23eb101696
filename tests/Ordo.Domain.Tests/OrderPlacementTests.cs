using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

public class OrderPlacementTests
{
    [Fact]
    public void Placing_an_order_snapshots_the_products_and_computes_the_total_server_side()
    {
        var product = NewProduct("WIDGET-1", unitPrice: 1_250);
        var customerId = Guid.NewGuid();

        var order = Ok(Order.Place(customerId, [NewOrderLine.From(product, 3)], Terms(new ShippingRate(Eur(499), null)), UnpaidOrders.None("EUR"), null, Actor, Now));
        Ok(product.ChangePrice(Eur(9_999), Later));

        var line = Assert.Single(order.Lines);
        Assert.Equal((product.Id, "WIDGET-1", "Widget", Eur(1_250), 3), (line.ProductId, line.Sku.Value, line.ProductName, line.UnitPrice, line.Quantity));
        Assert.Equal(Eur(3_750), line.LineTotal);
        Assert.Equal((Eur(3_750), Eur(499), Eur(4_249)), (order.Subtotal, order.ShippingFee, order.Total));
        Assert.Equal((customerId, "EUR"), (order.CustomerId, order.Currency));
    }

    [Fact]
    public void A_new_order_is_pending_unpaid_and_unfulfilled_with_a_placed_event()
    {
        var order = PlacedOrder();

        Assert.Equal((OrderStatus.Pending, PaymentStatus.Unpaid, FulfilmentStatus.Unfulfilled), (order.Status, order.PaymentStatus, order.FulfilmentStatus));
        var placed = Assert.Single(order.Events);
        Assert.Equal((OrderEventTypes.Placed, Actor, Now, order.Id), (placed.Type, placed.Actor, placed.OccurredAt, placed.OrderId));
        Assert.Equal("2800", placed.Data["total"]);
        Assert.Equal([OrderAction.Pay, OrderAction.Cancel, OrderAction.Expire], order.AllowedActions);
        Assert.Equal(Now + PaymentWindow, order.PaymentDueAt);
    }

    [Fact]
    public void An_order_needs_at_least_one_line()
    {
        var error = Failed(Place([]));

        Assert.Equal(("order_has_no_lines", ErrorKind.Validation), (error.Code, error.Kind));
    }

    [Fact]
    public void Every_line_must_order_at_least_one_unit()
    {
        Assert.Equal("invalid_quantity", Failed(Place([Line(700, 0)])).Code);
    }

    [Fact]
    public void Ordering_an_archived_product_breaks_a_business_rule()
    {
        var product = NewProduct();
        product.Archive(Now);

        var error = Failed(Place([NewOrderLine.From(product, 1)]));

        Assert.Equal(("product_archived", ErrorKind.BusinessRule), (error.Code, error.Kind));
        Assert.Equal(product.Id, error.Details["productId"]);
    }

    [Fact]
    public void Prices_and_shipping_fee_must_be_in_the_order_currency()
    {
        var priceError = Failed(Place([Line(700, 1, "USD")]));
        var feeError = Failed(Place([Line(700, 1)], shippingFeeOverride: new Money(300, "USD")));

        Assert.Equal(("currency_mismatch", ErrorKind.Validation), (priceError.Code, priceError.Kind));
        // Said from the request's side: the order's currency is what was asked for, the product's price is what differs.
        Assert.Contains("is priced in USD, but this order is in EUR", priceError.Message, StringComparison.Ordinal);
        Assert.Equal(("EUR", "USD"), (priceError.Details["expected"], priceError.Details["actual"]));
        Assert.Equal("currency_mismatch", feeError.Code);
        Assert.Contains("The shipping fee is in USD, but this order is in EUR", feeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordering_the_same_product_on_two_lines_is_rejected()
    {
        var line = Line(700, 1);

        var error = Failed(Place([line, line with { Quantity = 2 }]));

        Assert.Equal(("duplicate_order_line", ErrorKind.Validation), (error.Code, error.Kind));
    }

    [Property]
    public Property Order_total_is_the_sum_of_unit_price_times_quantity_plus_shipping()
    {
        var lines = Gen.NonEmptyListOf(Gen.Choose(0, 1_000_000).Zip(Gen.Choose(1, 10_000)));
        return Prop.ForAll(lines.Zip(Gen.Choose(0, 100_000)).ToArbitrary(), input =>
        {
            var (prices, shipping) = input;
            var order = Ok(Place([.. prices.Select(p => Line(p.Item1, p.Item2))], Terms(new ShippingRate(Eur(shipping), null))));

            var expected = prices.Sum(p => (long)p.Item1 * p.Item2) + shipping;
            return order.Total == Eur(expected) && order.Subtotal == Eur(expected - shipping);
        });
    }
}
