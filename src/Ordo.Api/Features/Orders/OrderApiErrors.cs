using Ordo.Domain.Common;

namespace Ordo.Api.Features.Orders;

/// <summary>
/// The error catalogue of the order endpoints (see <see cref="ErrorCode"/>): what the host decides before the domain
/// does (who the customer and the products are, what the caller may send). The domain's rules are in
/// <see cref="Domain.Orders.OrderErrors"/>.
/// </summary>
public static class OrderApiErrors
{
    public static readonly ErrorCode ShippingFeeOverrideNotAllowed = new(
        "shipping_fee_override_not_allowed",
        ErrorKind.Forbidden,
        "The order was placed with a `shippingFee` by a caller without the `orders.shipping.override` permission (logged).");

    public static readonly ErrorCode UnknownCustomer = new(
        "unknown_customer",
        ErrorKind.BusinessRule,
        "No customer the caller may order for exists with the `customerId` of the order.");

    public static readonly ErrorCode UnknownProduct = new(
        "unknown_product",
        ErrorKind.BusinessRule,
        "Lines of the order name products that do not exist; `productIds` lists them.");

    public static readonly ErrorCode InvalidAddressIndex = new(
        "invalid_address_index",
        ErrorKind.Validation,
        "`shippingAddressIndex` or `billingAddressIndex` is past the end of the customer's saved addresses; `field` names which.");
}
