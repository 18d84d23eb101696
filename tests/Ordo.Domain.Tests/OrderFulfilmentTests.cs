using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

public class OrderFulfilmentTests
{
    [Fact]
    public void Shipping_part_of_an_order_makes_it_partially_fulfilled()
    {
        var order = PaidOrder();
        var first = order.Lines[0];

        var shipment = Ok(order.Ship([new ShipmentLine(first.Id, 1)], " DHL ", "JD0001", Actor, Later));

        Assert.Equal(("DHL", "JD0001", Later, (DateTimeOffset?)null), (shipment.Carrier, shipment.TrackingNumber, shipment.ShippedAt, shipment.DeliveredAt));
        Assert.Equal([new ShipmentLine(first.Id, 1)], shipment.Lines);
        Assert.Equal((1, 1), (first.ShippedQuantity, first.UnshippedQuantity));
        Assert.Equal(FulfilmentStatus.PartiallyFulfilled, order.FulfilmentStatus);
        Assert.Equal(shipment.Id.ToString(), order.Events[^1].Data["shipmentId"]);
    }

    [Fact]
    public void Shipping_the_remaining_units_in_later_shipments_makes_it_fulfilled()
    {
        var order = PaidOrder().Shipped(lineIndex: 0, quantity: 1);

        Ok(order.Ship([new ShipmentLine(order.Lines[0].Id, 1), new ShipmentLine(order.Lines[1].Id, 1)], "DHL", "JD0002", Actor, Later));

        Assert.Equal(FulfilmentStatus.Fulfilled, order.FulfilmentStatus);
        Assert.Equal(2, order.Shipments.Count);
        Assert.All(order.Lines, l => Assert.Equal(0, l.UnshippedQuantity));
    }

    [Fact]
    public void Shipping_more_than_was_ordered_is_refused_and_changes_nothing()
    {
        var order = PaidOrder().Shipped(lineIndex: 0, quantity: 1);
        var eventCount = order.Events.Count;

        // The second line is fine, but the first would reach 3 of 2 ordered: nothing may be recorded.
        var error = Failed(order.Ship(
            [new ShipmentLine(order.Lines[1].Id, 1), new ShipmentLine(order.Lines[0].Id, 2)], "DHL", "JD0002", Actor, Later));

        Assert.Equal(("shipment_exceeds_ordered_quantity", ErrorKind.BusinessRule), (error.Code, error.Kind));
        Assert.Equal((1, 0), (order.Lines[0].ShippedQuantity, order.Lines[1].ShippedQuantity));
        Assert.Single(order.Shipments);
        Assert.Equal(eventCount, order.Events.Count);
        Assert.Equal(FulfilmentStatus.PartiallyFulfilled, order.FulfilmentStatus);
    }

    [Fact]
    public void A_shipment_must_name_existing_lines_once_with_positive_quantities()
    {
        var order = PaidOrder();
        var lineId = order.Lines[0].Id;

        Assert.Equal("shipment_has_no_lines", Failed(order.Ship([], "DHL", "JD1", Actor, Later)).Code);
        Assert.Equal("unknown_order_line", Failed(order.Ship([new ShipmentLine(Guid.NewGuid(), 1)], "DHL", "JD1", Actor, Later)).Code);
        Assert.Equal("invalid_quantity", Failed(order.Ship([new ShipmentLine(lineId, 0)], "DHL", "JD1", Actor, Later)).Code);
        Assert.Equal("duplicate_shipment_line", Failed(order.Ship([new ShipmentLine(lineId, 1), new ShipmentLine(lineId, 1)], "DHL", "JD1", Actor, Later)).Code);
        Assert.Equal("invalid_carrier", Failed(order.Ship([new ShipmentLine(lineId, 1)], " ", "JD1", Actor, Later)).Code);
        Assert.Equal("invalid_tracking_number", Failed(order.Ship([new ShipmentLine(lineId, 1)], "DHL", "", Actor, Later)).Code);
    }

    [Fact]
    public void Delivering_every_shipment_of_a_fulfilled_order_completes_it()
    {
        var order = PaidOrder().Shipped(lineIndex: 0, quantity: 2).ShippedInFull();

        Ok(order.Deliver(order.Shipments[0].Id, Actor, Later));
        Assert.Equal((OrderStatus.Open, FulfilmentStatus.Fulfilled), (order.Status, order.FulfilmentStatus));

        Ok(order.Deliver(order.Shipments[1].Id, Actor, Later));
        Assert.Equal((OrderStatus.Completed, FulfilmentStatus.Delivered), (order.Status, order.FulfilmentStatus));
        Assert.Equal([OrderEventTypes.Delivered, OrderEventTypes.Completed], order.Events.TakeLast(2).Select(e => e.Type));
    }

    [Fact]
    public void Delivering_everything_shipped_so_far_does_not_complete_a_partially_fulfilled_order()
    {
        var order = PaidOrder().Shipped(lineIndex: 0, quantity: 1).DeliveredInFull();

        Assert.Equal((OrderStatus.Open, FulfilmentStatus.PartiallyFulfilled), (order.Status, order.FulfilmentStatus));
        Assert.NotNull(order.Shipments[0].DeliveredAt);
    }

    [Fact]
    public void Delivering_a_shipment_twice_is_a_conflict_and_an_unknown_one_is_not_found()
    {
        var order = PaidOrder().Shipped(lineIndex: 0, quantity: 1).DeliveredInFull();

        var twice = Failed(order.Deliver(order.Shipments[0].Id, Actor, Later));
        var unknown = Failed(order.Deliver(Guid.NewGuid(), Actor, Later));

        Assert.Equal(("shipment_already_delivered", ErrorKind.Conflict), (twice.Code, twice.Kind));
        Assert.Equal(("shipment_not_found", ErrorKind.NotFound), (unknown.Code, unknown.Kind));
    }

    [Fact]
    public void A_refused_action_explains_the_current_states_and_what_is_allowed()
    {
        var order = PaidOrder().Shipped(lineIndex: 0, quantity: 1);

        var error = Failed(order.Cancel(Actor, RefundAllowance.Unlimited, Later));

        Assert.Equal(("action_not_allowed", ErrorKind.Conflict), (error.Code, error.Kind));
        Assert.Equal(
            "Cannot cancel an order whose status is open, payment paid and fulfilment partially_fulfilled. Allowed actions: refund, ship, deliver.",
            error.Message);
        Assert.Equal("partially_fulfilled", error.Details["fulfilmentStatus"]);
        Assert.Equal(new[] { "refund", "ship", "deliver" }, error.Details["allowedActions"]);
    }
}
