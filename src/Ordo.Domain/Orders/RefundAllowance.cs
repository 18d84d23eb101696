using Ordo.Domain.Common;

namespace Ordo.Domain.Orders;

/// <summary>
/// How much one agent may give back on one order, whichever way the money goes back (a refund, or cancelling a paid
/// order): nothing, everything, or up to the refund limit of the order's currency counted over all the agent's refunds
/// on that order. <see cref="Order.Refund"/> and <see cref="Order.Cancel"/> both require one, so no path that returns
/// money can skip the rule.
/// </summary>
public sealed class RefundAllowance
{
    private readonly bool _mayRefund;
    private readonly OrderPolicy? _limits;

    private RefundAllowance(bool mayRefund, OrderPolicy? limits)
    {
        _mayRefund = mayRefund;
        _limits = limits;
    }

    public static RefundAllowance None { get; } = new(mayRefund: false, limits: null);

    public static RefundAllowance Unlimited { get; } = new(mayRefund: true, limits: null);

    public static RefundAllowance UpToLimit(OrderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(mayRefund: true, policy);
    }

    /// <summary>Why <paramref name="actor"/> may not refund <paramref name="amount"/> more on <paramref name="order"/>, or null.</summary>
    internal DomainError? Refuses(Order order, string actor, Money amount)
    {
        if (!_mayRefund)
        {
            return OrderErrors.RefundNotPermitted(amount);
        }

        if (_limits is null)
        {
            return null;
        }

        var limit = _limits.RefundLimitIn(order.Currency);
        var already = order.RefundedBy(actor);
        return already.Amount + amount.Amount > limit.Amount ? OrderErrors.RefundLimitExceeded(limit, already, amount) : null;
    }
}
