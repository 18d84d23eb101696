using Ordo.Domain.Orders;


namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>
/// The resource rules (ABAC), all in one place. Permissions say what kind of action a caller may take; these say on
/// which records and how far. Endpoints ask; they never decide ownership or limits themselves.
/// </summary>
public static class AccessRules
{
    public const string RefundLimitRule = "refund_limit";
    public const string ShippingFeeOverrideRule = "shipping_fee_override";

    /// <summary>
    /// Customers act only on their own customer record and orders. Anything else is reported as not found, so ids
    /// of other customers' records can't be probed.
    /// </summary>
    public static bool CanAccess(CallerAccess caller, Guid ownerCustomerId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind != CallerKind.Customer || caller.CustomerId == ownerCustomerId;
    }

    /// <summary>The customer every list must be narrowed to, or null when the caller may see everyone's rows.</summary>
    public static Guid? ListScope(CallerAccess caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind == CallerKind.Customer ? caller.CustomerId ?? Guid.Empty : null;
    }

    /// <summary>A customer account already is a customer; only staff and integrations create customers.</summary>
    public static bool CanCreateCustomers(CallerAccess caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind != CallerKind.Customer;
    }

    /// <summary>
    /// An order's addresses are shown in clear to whoever may see the customer's contact details, and to those who
    /// fulfil orders (they print the labels); masked for everyone else.
    /// </summary>
    public static bool SeesOrderAddresses(CallerAccess caller, Guid orderCustomerId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Has(Permissions.OrdersFulfil) || SeesPersonalData(caller, orderCustomerId);
    }

    /// <summary>Contact details are shown in clear to their owner and to holders of <c>customers.pii</c>; masked for everyone else.</summary>
    public static bool SeesPersonalData(CallerAccess caller, Guid ownerCustomerId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Has(Permissions.CustomersPii) || (caller.Kind == CallerKind.Customer && caller.CustomerId == ownerCustomerId);
    }

    /// <summary>
    /// Looking a customer up by email confirms whose address it is: only for callers who may see contact details. It
    /// applies to every search by contact details (customers by <c>email</c>, orders and their export by <c>q</c>).
    /// </summary>
    public static bool CanFindByContactDetails(CallerAccess caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Has(Permissions.CustomersPii) || caller.Kind == CallerKind.Customer;
    }

    /// <summary>
    /// Staff and integrations see an order's internal fields (who acted, refund reasons, the payment provider's
    /// reference); customers get the customer projection of their orders and timelines, without them.
    /// </summary>
    public static bool SeesOrderInternals(CallerAccess caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind != CallerKind.Customer;
    }

    /// <summary>
    /// How much the caller may give back on an order, by refund or by cancelling it once paid (ADR 14): customers
    /// nothing, whatever their roles (they cancel only unpaid orders); holders of <c>orders.refund.unlimited</c>
    /// everything; other holders of <c>orders.refund</c> up to the refund limit of the order's currency, counted over
    /// all their refunds on the order; everyone else nothing.
    /// </summary>
    public static RefundAllowance RefundAllowanceOf(CallerAccess caller, OrderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Kind == CallerKind.Customer || !caller.Has(Permissions.OrdersRefund))
        {
            return RefundAllowance.None;
        }

        return caller.Has(Permissions.OrdersRefundUnlimited) ? RefundAllowance.Unlimited : RefundAllowance.UpToLimit(policy);
    }

    /// <summary>Only holders of <c>orders.shipping.override</c> set an order's shipping fee; everyone else gets the currency's rate.</summary>
    public static bool CanOverrideShippingFee(CallerAccess caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Has(Permissions.OrdersShippingOverride);
    }
}
