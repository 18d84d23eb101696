namespace Ordo.Domain.Orders;

/// <summary>What can be asked of an order; <see cref="OrderStateMachine"/> says when.</summary>
public enum OrderAction
{
    Pay,
    Cancel,
    Refund,
    Ship,
    Deliver,
    Expire,
}
