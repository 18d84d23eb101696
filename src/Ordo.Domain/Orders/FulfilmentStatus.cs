namespace Ordo.Domain.Orders;

public enum FulfilmentStatus
{
    Unfulfilled,
    PartiallyFulfilled,

    /// <summary>Every ordered unit has shipped.</summary>
    Fulfilled,

    /// <summary>Fulfilled and every shipment delivered.</summary>
    Delivered,
}
