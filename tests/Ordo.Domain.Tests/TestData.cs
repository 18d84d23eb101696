using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;

namespace Ordo.Domain.Tests;

/// <summary>Shared arrangements. Every helper asserts its own steps succeed so a broken setup fails loudly.</summary>
internal static class TestData
{
    public const string Actor = "user:alice";

    public static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    public static readonly TimeSpan PaymentWindow = TimeSpan.FromHours(2);

    /// <summary>After placement, inside the payment window.</summary>
    public static DateTimeOffset Later => Now.AddHours(1);

    /// <summary>The instant the payment window of an order placed <see cref="Now"/> closes.</summary>
    public static DateTimeOffset Deadline => Now + PaymentWindow;

    public static Money Eur(long amount) => new(amount, "EUR");

    /// <summary>EUR terms: 3.00 shipping, never free; caps and the refund limit as given (by default out of the way, but 100.00 for refunds).</summary>
    public static OrderTerms Terms(
        ShippingRate? shipping = null,
        int maxOpenUnpaidOrders = 10,
        int maxUnitsPerLine = 100_000,
        long maxReservedValue = Money.MaxAmount,
        long refundLimit = 10_000) =>
        new("EUR", shipping ?? new ShippingRate(Eur(300), null), maxOpenUnpaidOrders, maxUnitsPerLine, Eur(maxReservedValue), Eur(refundLimit), PaymentWindow);

    public static OrderPolicy Policy(long refundLimit = 10_000) => new([Terms(refundLimit: refundLimit)]);

    public static Result<Order> Place(
        IReadOnlyCollection<NewOrderLine> lines, OrderTerms? terms = null, UnpaidOrders? unpaid = null, Money? shippingFeeOverride = null) =>
        Order.Place(Guid.CreateVersion7(), lines, terms ?? Terms(), unpaid ?? UnpaidOrders.None("EUR"), shippingFeeOverride, Actor, Now);

    public static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public static void Ok(Result result) => Assert.True(result.IsSuccess, result.Error?.Message);

    public static DomainError Failed(Result result)
    {
        Assert.True(result.IsFailure, "Expected the operation to fail.");
        return result.Error;
    }

    public static Product NewProduct(string sku = "WIDGET-1", long unitPrice = 1_000, int stock = 0)
    {
        var product = Ok(Product.Create(Ok(Sku.Create(sku)), "Widget", null, Eur(unitPrice), Now));
        if (stock > 0)
        {
            Ok(product.ReceiveStock(stock, "initial count", Now));
        }

        return product;
    }

    public static NewOrderLine Line(long unitPrice, int quantity, string currency = "EUR") => new(
        Guid.CreateVersion7(),
        Ok(Sku.Create("SKU-" + Guid.NewGuid().ToString("N")[..8])),
        "Widget",
        new Money(unitPrice, currency),
        ProductStatus.Active,
        quantity);

    /// <summary>2 × 10.00 + 1 × 5.00 + 3.00 shipping = 28.00 EUR.</summary>
    public static Order PlacedOrder() => Ok(Place([Line(1_000, 2), Line(500, 1)]));

    public static Order PaidOrder() => PlacedOrder().PaidInFull();

    public static Order PaidInFull(this Order order)
    {
        Ok(order.Pay(order.Total, "pi_123", Actor, Later));
        return order;
    }

    public static Order Refunded(this Order order, long amount)
    {
        Ok(order.Refund(Eur(amount), "goodwill", Actor, RefundAllowance.Unlimited, Later));
        return order;
    }

    public static Order RefundedInFull(this Order order) => order.Refunded(order.AmountPaid.Amount - order.AmountRefunded.Amount);

    public static Order Shipped(this Order order, int lineIndex, int quantity)
    {
        Ok(order.Ship([new ShipmentLine(order.Lines[lineIndex].Id, quantity)], "DHL", "JD0001", Actor, Later));
        return order;
    }

    public static Order ShippedInFull(this Order order)
    {
        var rest = order.Lines.Where(l => l.UnshippedQuantity > 0).Select(l => new ShipmentLine(l.Id, l.UnshippedQuantity));
        Ok(order.Ship([.. rest], "DHL", "JD0002", Actor, Later));
        return order;
    }

    public static Order DeliveredInFull(this Order order)
    {
        foreach (var shipment in order.Shipments.Where(s => !s.IsDelivered).ToList())
        {
            Ok(order.Deliver(shipment.Id, Actor, Later));
        }

        return order;
    }

    public static Order Expired(this Order order)
    {
        Ok(order.Expire("system", Deadline));
        return order;
    }

    public static Order Cancelled(this Order order)
    {
        Ok(order.Cancel(Actor, RefundAllowance.Unlimited, Later));
        return order;
    }
}
