namespace Ordo.Domain.Orders;

/// <summary>How many units of one order line a shipment carries; also the input to <see cref="Order.Ship"/>.</summary>
public sealed record ShipmentLine(Guid OrderLineId, int Quantity);
