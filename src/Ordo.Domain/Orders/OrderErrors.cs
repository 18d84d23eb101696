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

    /// <summary>The total would exceed what a payment may be, so the order could never be paid.</summary>
    public static DomainError AmountTooLarge(string currency) => new(
        "amount_too_large",
        $"The order's total would exceed {Money.MaxAmount} minor units, the most a payment can be; split it into several orders.",
        ErrorKind.BusinessRule)
    {
        Details = new Dictionary<string, object?> { ["max"] = new Money(Money.MaxAmount, currency).ToDetail() },
    };

    public static DomainError CurrencyNotAccepted(string currency) => new(
        "currency_not_accepted",
        $"The shop takes no orders in {currency}: it has no shipping rate, caps or refund limit for it.",
        ErrorKind.BusinessRule)
    {
        Details = new Dictionary<string, object?> { ["currency"] = currency },
    };

    public static DomainError UnitsPerLineCapExceeded(Guid productId, string sku, int cap, int requested) => new(
        "units_per_line_cap_exceeded",
        $"A line may order at most {cap} unit(s); {requested} of {sku} requested.",
        ErrorKind.BusinessRule)
    {
        Details = new Dictionary<string, object?> { ["productId"] = productId, ["sku"] = sku, ["cap"] = cap, ["requested"] = requested },
    };

    public static DomainError OpenUnpaidOrdersCapExceeded(int cap) => new(
        "open_unpaid_orders_cap_exceeded",
        $"The customer already has {cap} unpaid order(s), the most they may hold; pay or cancel one first.",
        ErrorKind.Conflict)
    {
        Details = new Dictionary<string, object?> { ["cap"] = cap },
    };

    public static DomainError ReservedValueCapExceeded(Money cap, Money reserved, Money requested) => new(
        "reserved_value_cap_exceeded",
        $"Unpaid orders may reserve goods worth at most {Currencies.Format(cap)} per customer; {Currencies.Format(reserved)} are reserved "
            + $"and this order adds {Currencies.Format(requested)}. Pay or cancel an order first.",
        ErrorKind.Conflict)
    {
        Details = new Dictionary<string, object?>
        {
            ["valueCap"] = cap.ToDetail(),
            ["reservedValue"] = reserved.ToDetail(),
            ["orderValue"] = requested.ToDetail(),
        },
    };

    public static DomainError PaymentWindowClosed(DateTimeOffset dueAt) => new(
        "payment_window_closed",
        $"The order had to be paid by {dueAt:u}; it can no longer be paid and expires shortly.",
        ErrorKind.Conflict)
    {
        Details = new Dictionary<string, object?> { ["paymentDueAt"] = dueAt },
    };

    public static DomainError PaymentWindowOpen(DateTimeOffset dueAt) => new(
        "payment_window_open",
        $"The order may be paid until {dueAt:u}; it cannot expire before then.",
        ErrorKind.Conflict)
    {
        Details = new Dictionary<string, object?> { ["paymentDueAt"] = dueAt },
    };

    public static DomainError RefundLimitExceeded(Money limit, Money alreadyRefunded, Money requested) => new(
        "refund_limit_exceeded",
        $"You may refund at most {Currencies.Format(limit)} on one order; you have refunded {Currencies.Format(alreadyRefunded)} on this one "
            + $"and this would add {Currencies.Format(requested)}. Larger refunds need the 'orders.refund.unlimited' permission.",
        ErrorKind.Forbidden)
    {
        Details = new Dictionary<string, object?>
        {
            ["limit"] = limit.ToDetail(),
            ["alreadyRefunded"] = alreadyRefunded.ToDetail(),
            ["refund"] = requested.ToDetail(),
        },
    };

    public static DomainError RefundNotPermitted(Money amount) => new(
        "refund_not_permitted",
        $"This would refund {Currencies.Format(amount)}, and you may not give money back; a paid order is cancelled by the shop's staff.",
        ErrorKind.Forbidden)
    {
        Details = new Dictionary<string, object?> { ["refund"] = amount.ToDetail() },
    };

    public static DomainError NoLines() =>
        new("order_has_no_lines", "An order needs at least one line.", ErrorKind.Validation);

    public static DomainError DuplicateLine(Guid productId) => new(
        "duplicate_order_line",
        $"Product {productId} appears on more than one line; order it once with the total quantity.",
        ErrorKind.Validation)
    {
        Details = new Dictionary<string, object?> { ["productId"] = productId },
    };

    public static DomainError CurrencyMismatch(string expected, string actual) => new(
        "currency_mismatch",
        $"Expected an amount in {expected} but got {actual}.",
        ErrorKind.Validation)
    {
        Details = new Dictionary<string, object?> { ["expected"] = expected, ["actual"] = actual },
    };

    /// <summary>A product on the order is priced in another currency than the order's (the request chose the order's).</summary>
    public static DomainError LineInOtherCurrency(Guid productId, string sku, string orderCurrency, string priceCurrency) => new(
        "currency_mismatch",
        $"Product {sku} is priced in {priceCurrency}, but this order is in {orderCurrency}: place the order in {priceCurrency}, or order only products priced in {orderCurrency}.",
        ErrorKind.Validation)
    {
        Details = new Dictionary<string, object?> { ["expected"] = orderCurrency, ["actual"] = priceCurrency, ["productId"] = productId },
    };

    /// <summary>No currency was named and the products ordered are priced in several, so none is the order's.</summary>
    public static DomainError CurrencyRequired(IReadOnlyList<string> currencies) => new(
        "currency_required",
        $"The products ordered are priced in {string.Join(" and ", currencies)}: name the order's currency in 'currency' and order only products priced in it.",
        ErrorKind.Validation)
    {
        Details = new Dictionary<string, object?> { ["currencies"] = currencies },
    };

    /// <summary>The shipping fee sent is in another currency than the order's.</summary>
    public static DomainError ShippingFeeInOtherCurrency(string orderCurrency, string feeCurrency) => new(
        "currency_mismatch",
        $"The shipping fee is in {feeCurrency}, but this order is in {orderCurrency}: send the fee in {orderCurrency}.",
        ErrorKind.Validation)
    {
        Details = new Dictionary<string, object?> { ["expected"] = orderCurrency, ["actual"] = feeCurrency },
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
