using Ordo.Domain.Common;

namespace Ordo.Domain.Orders;

public static class OrderErrors
{
    public static DomainError ActionNotAllowed(
        OrderAction action,
        OrderStatus status,
        PaymentStatus payment,
        FulfilmentStatus fulfilment,
        IReadOnlyList<OrderAction> allowed)
    {
        // Expiry is the payment-window job's alone; a caller is never offered it.
        var allowedNames = allowed.Where(a => a != OrderAction.Expire).Select(StateNames.Of).ToArray();
        return new(
            "action_not_allowed",
            $"Cannot {StateNames.Of(action)} an order whose status is {StateNames.Of(status)}, payment {StateNames.Of(payment)} "
                + $"and fulfilment {StateNames.Of(fulfilment)}. Allowed actions: {(allowedNames.Length == 0 ? "none" : string.Join(", ", allowedNames))}.",
            ErrorKind.Conflict)
        {
            Details = new Dictionary<string, object?>
            {
                ["action"] = StateNames.Of(action),
                ["orderStatus"] = StateNames.Of(status),
                ["paymentStatus"] = StateNames.Of(payment),
                ["fulfilmentStatus"] = StateNames.Of(fulfilment),
                ["allowedActions"] = allowedNames,
            },
        };
    }

    public static DomainError AmountTooLarge() => new(
        "amount_too_large",
        "The order's total is too large to be represented; split it into several orders.",
        ErrorKind.BusinessRule);

    public static DomainError NoLines() =>
        new("order_has_no_lines", "An order needs at least one line.", ErrorKind.Validation);

    public static DomainError DuplicateLine(Guid productId) => new(
        "duplicate_order_line",
        $"Product {productId} appears on more than one line; order it once with the total quantity.",
        ErrorKind.Validation)
    {
        Details = new Dictionary<string, object?> { ["productId"] = productId },
    };

    public static DomainError ProductArchived(Guid productId, string sku) => new(
        "product_archived",
        $"Product {sku} is archived and can no longer be ordered.",
        ErrorKind.BusinessRule)
    {
        Details = new Dictionary<string, object?> { ["productId"] = productId, ["sku"] = sku },
    };

    public static DomainError CurrencyMismatch(string expected, string actual) => new(
        "currency_mismatch",
        $"Expected an amount in {expected} but got {actual}.",
        ErrorKind.Validation)
    {
        Details = new Dictionary<string, object?> { ["expected"] = expected, ["actual"] = actual },
    };

    public static DomainError PaymentAmountMismatch(Money total, Money paid) => new(
        "payment_amount_mismatch",
        $"The payment of {paid} does not equal the order total of {total}.",
        ErrorKind.BusinessRule)
    {
        Details = new Dictionary<string, object?> { ["total"] = total.Amount, ["paid"] = paid.Amount },
    };

    public static DomainError RefundExceedsPaidAmount(Money requested, Money refundable) => new(
        "refund_exceeds_paid_amount",
        $"Cannot refund {requested}: only {refundable} of the payment has not been refunded yet.",
        ErrorKind.BusinessRule)
    {
        Details = new Dictionary<string, object?> { ["requested"] = requested.Amount, ["refundable"] = refundable.Amount },
    };

    public static DomainError UnknownOrderLine(Guid orderLineId) => new(
        "unknown_order_line",
        $"The order has no line {orderLineId}.",
        ErrorKind.Validation)
    {
        Details = new Dictionary<string, object?> { ["orderLineId"] = orderLineId },
    };

    public static DomainError ShipmentHasNoLines() =>
        new("shipment_has_no_lines", "A shipment needs at least one line.", ErrorKind.Validation);

    public static DomainError DuplicateShipmentLine(Guid orderLineId) => new(
        "duplicate_shipment_line",
        $"Order line {orderLineId} appears more than once in the shipment.",
        ErrorKind.Validation)
    {
        Details = new Dictionary<string, object?> { ["orderLineId"] = orderLineId },
    };

    public static DomainError ShipmentExceedsOrderedQuantity(Guid orderLineId, int ordered, int alreadyShipped, int requested) => new(
        "shipment_exceeds_ordered_quantity",
        $"Line {orderLineId} ordered {ordered}, already shipped {alreadyShipped}; cannot ship {requested} more.",
        ErrorKind.BusinessRule)
    {
        Details = new Dictionary<string, object?>
        {
            ["orderLineId"] = orderLineId,
            ["ordered"] = ordered,
            ["alreadyShipped"] = alreadyShipped,
            ["requested"] = requested,
        },
    };

    public static DomainError ShipmentNotFound(Guid shipmentId) => new(
        "shipment_not_found",
        $"The order has no shipment {shipmentId}.",
        ErrorKind.NotFound)
    {
        Details = new Dictionary<string, object?> { ["shipmentId"] = shipmentId },
    };

    public static DomainError ShipmentAlreadyDelivered(Guid shipmentId) => new(
        "shipment_already_delivered",
        $"Shipment {shipmentId} has already been delivered.",
        ErrorKind.Conflict)
    {
        Details = new Dictionary<string, object?> { ["shipmentId"] = shipmentId },
    };
}
