namespace Ordo.Domain.Orders;

/// <summary>The order's lifecycle. Payment and fulfilment progress on their own axes.</summary>
public enum OrderStatus
{
    /// <summary>Placed with stock reserved, awaiting payment.</summary>
    Pending,

    /// <summary>Paid; being fulfilled.</summary>
    Open,

    /// <summary>Everything was shipped and delivered.</summary>
    Completed,

    Cancelled,

    /// <summary>Not paid in time; closed by the background job.</summary>
    Expired,
}
