using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

/// <summary>An order's stock effects go through the products' own methods: reserve all lines or none, release, ship.</summary>
public class StockReservationTests
{
    [Fact]
    public void Reserving_an_order_takes_every_line_or_none_and_names_each_short_line()
    {
        var plenty = NewProduct("PLENTY-1", stock: 10);
        var scarce = NewProduct("SCARCE-1", stock: 1);
        var none = NewProduct("NONE-1");
        var products = new[] { plenty, scarce, none }.ToDictionary(p => p.Id);
        var order = Ok(Place([NewOrderLine.From(plenty, 3), NewOrderLine.From(scarce, 2), NewOrderLine.From(none, 1)]));

        var error = Failed(StockReservations.Reserve(order, products, Now));

        Assert.Equal(("insufficient_stock", ErrorKind.Conflict), (error.Code, error.Kind));
        Assert.Equal(["NONE-1", "SCARCE-1"], ((IEnumerable<string>)error.Details["skus"]!).Order());
        Assert.All(products.Values, p => Assert.Equal(0, p.StockReserved));
    }

    [Fact]
    public void A_single_product_short_of_stock_answers_in_the_same_shape()
    {
        var product = NewProduct("SCARCE-2", stock: 1);

        var single = Failed(product.Reserve(2, Guid.NewGuid(), Now));
        var order = Failed(StockReservations.Reserve(Ok(Place([NewOrderLine.From(product, 2)])), new Dictionary<Guid, Product> { [product.Id] = product }, Now));

        Assert.Equal(order.Message, single.Message);
        Assert.Equal(order.Details.Keys.Order(), single.Details.Keys.Order());
    }

    [Fact]
    public void Reserving_releasing_and_shipping_an_order_keep_the_counters_equal_to_the_ledger()
    {
        var a = NewProduct("A-1", stock: 10);
        var b = NewProduct("B-1", stock: 10);
        var products = new[] { a, b }.ToDictionary(p => p.Id);
        var order = Ok(Place([NewOrderLine.From(a, 4), NewOrderLine.From(b, 2)]));

        var cancelled = Ok(Place([NewOrderLine.From(a, 5)]));

        var movements = Ok(StockReservations.Reserve(order, products, Now)).Concat(Ok(StockReservations.Reserve(cancelled, products, Now))).ToList();
        order.PaidInFull();
        var shipment = Ok(order.Ship([new ShipmentLine(order.Lines.Single(l => l.ProductId == a.Id).Id, 3)], "DHL", "JD1", Actor, Later));
        movements.AddRange(StockReservations.Ship(order, shipment, products, Later));
        Ok(cancelled.Cancel(Actor, RefundAllowance.None, Later));
        movements.AddRange(StockReservations.Release(cancelled, products, Later));

        Assert.Equal((7, 1), (a.StockOnHand, a.StockReserved));
        Assert.Equal((10, 2), (b.StockOnHand, b.StockReserved));
        // Reserved is what the order movements add up to: +4 +5 −3 (shipped) −5 (released) on A, +2 on B.
        Assert.Equal(a.StockReserved, movements.Where(m => m.ProductId == a.Id).Sum(m => m.Quantity));
        Assert.Equal(b.StockReserved, movements.Where(m => m.ProductId == b.Id).Sum(m => m.Quantity));
        Assert.Equal(-3, movements.Where(m => m.ProductId == a.Id && m.Kind == StockMovementKind.Shipment).Sum(m => m.Quantity));
        Assert.Equal(new[] { order.Id, cancelled.Id }.Order(), movements.Select(m => m.OrderId!.Value).Distinct().Order());
    }

    [Fact]
    public void Every_stock_effect_comes_in_product_id_order_whatever_the_order_of_the_lines()
    {
        // The service row-locks the products in this order; two orders touching the same products never wait on each
        // other the other way round (no deadlock).
        var products = Enumerable.Range(1, 4).Select(i => NewProduct($"LOCK-{i}", stock: 10)).ToDictionary(p => p.Id);
        var descending = products.Values.OrderByDescending(p => p.Id).ToList();
        var order = Ok(Place([.. descending.Select(p => NewOrderLine.From(p, 2))]));
        var ascending = products.Keys.Order().ToList();

        var cancelled = Ok(Place([.. descending.Select(p => NewOrderLine.From(p, 1))]));

        Assert.Equal(ascending, Ok(StockReservations.Reserve(order, products, Now)).Select(m => m.ProductId));
        Assert.Equal(ascending, Ok(StockReservations.Reserve(cancelled, products, Now)).Select(m => m.ProductId));
        order.PaidInFull();
        var shipment = Ok(order.Ship([.. order.Lines.OrderByDescending(l => l.ProductId).Select(l => new ShipmentLine(l.Id, 1))], "DHL", "JD2", Actor, Later));
        Assert.Equal(ascending, StockReservations.Ship(order, shipment, products, Later).Select(m => m.ProductId));
        Ok(cancelled.Cancel(Actor, RefundAllowance.None, Later));
        Assert.Equal(ascending, StockReservations.Release(cancelled, products, Later).Select(m => m.ProductId));
    }

    [Fact]
    public void An_archived_product_cannot_be_reserved()
    {
        var product = NewProduct(stock: 5);
        product.Archive(Now);

        Assert.Equal("product_archived", Failed(product.Reserve(1, Guid.NewGuid(), Now)).Code);
    }
}
