using Ordo.Domain.Common;

namespace Ordo.Domain.Orders;

/// <summary>
/// The error catalogue of orders, their refunds and shipments (see <see cref="ErrorCode"/>), and the factories that fill
/// in each occurrence. A field is named for its code; the factory of the same name would clash, hence the <c>Code</c>
/// suffix. Malformed fields answer the shared <c>invalid_*</c> family (<see cref="ValidationErrors"/>).
/// </summary>
public static class OrderErrors
{
    public static readonly ErrorCode ActionNotAllowedCode = new(
        "action_not_allowed",
        ErrorKind.Conflict,
        "The order's state machine does not allow the action now; `action`, `orderStatus`, `paymentStatus`, `fulfilmentStatus` and `allowedActions` say why and what is allowed.");

    public static readonly ErrorCode AmountTooLargeCode = new(
        "amount_too_large",
        ErrorKind.BusinessRule,
        "The order's total would exceed the most a payment can be; `max` gives that amount.");

    public static readonly ErrorCode CurrencyNotAcceptedCode = new(
        "currency_not_accepted",
        ErrorKind.BusinessRule,
        "The shop takes no orders in the currency (none of its terms are configured); `currency` names it.");

    public static readonly ErrorCode UnitsPerLineCapExceededCode = new(
        "units_per_line_cap_exceeded",
        ErrorKind.BusinessRule,
        "A line orders more units than one line may; `productId`, `sku`, `cap` and `requested` name the line and the cap.");

    public static readonly ErrorCode OpenUnpaidOrdersCapExceededCode = new(
        "open_unpaid_orders_cap_exceeded",
        ErrorKind.Conflict,
        "The customer already holds as many unpaid orders as they may; `cap` gives the number.");

    public static readonly ErrorCode ReservedValueCapExceededCode = new(
        "reserved_value_cap_exceeded",
        ErrorKind.Conflict,
        "The customer's unpaid orders would reserve more goods than they may in the currency; `valueCap`, `reservedValue` and `orderValue` give the amounts.");

    public static readonly ErrorCode PaymentWindowClosedCode = new(
        "payment_window_closed",
        ErrorKind.Conflict,
        "The order's payment deadline has passed, so it can no longer be paid; `paymentDueAt` gives the deadline.");

    public static readonly ErrorCode PaymentWindowOpenCode = new(
        "payment_window_open",
        ErrorKind.Conflict,
        "The order may still be paid, so it cannot expire yet; `paymentDueAt` gives the deadline.");

    public static readonly ErrorCode RefundLimitExceededCode = new(
        "refund_limit_exceeded",
        ErrorKind.Forbidden,
        "The refund (or cancelling a paid order) would take what the caller gave back on the order past their refund limit; `limit`, `alreadyRefunded` and `refund` give the amounts.");

    public static readonly ErrorCode RefundNotPermittedCode = new(
        "refund_not_permitted",
        ErrorKind.Forbidden,
        "The action would give money back and the caller may not refund; `refund` gives the amount.");

    public static readonly ErrorCode OrderHasNoLinesCode = new(
        "order_has_no_lines",
        ErrorKind.Validation,
        "An order was placed without lines.");

    public static readonly ErrorCode DuplicateOrderLineCode = new(
        "duplicate_order_line",
        ErrorKind.Validation,
        "A product appears on more than one line of the order; `productId` names it.");

    public static readonly ErrorCode CurrencyMismatchCode = new(
        "currency_mismatch",
        ErrorKind.Validation,
        "An amount, a product's price or the shipping fee is in another currency than the order's; `expected` and `actual` name both (and `productId` the product).");

    public static readonly ErrorCode CurrencyRequiredCode = new(
        "currency_required",
        ErrorKind.Validation,
        "No currency was named and the products ordered are priced in several; `currencies` lists them.");

    public static readonly ErrorCode PaymentAmountMismatchCode = new(
        "payment_amount_mismatch",
        ErrorKind.BusinessRule,
        "The payment does not equal the order's total; `total` and `paid` give both in minor units.");

    public static readonly ErrorCode RefundExceedsPaidAmountCode = new(
        "refund_exceeds_paid_amount",
        ErrorKind.BusinessRule,
        "The refund is more than what is left of the payment; `requested` and `refundable` give both in minor units.");

    public static readonly ErrorCode UnknownOrderLineCode = new(
        "unknown_order_line",
        ErrorKind.Validation,
        "A shipment names a line the order does not have; `orderLineId` names it.");

    public static readonly ErrorCode ShipmentHasNoLinesCode = new(
        "shipment_has_no_lines",
        ErrorKind.Validation,
        "A shipment was recorded without lines.");

    public static readonly ErrorCode DuplicateShipmentLineCode = new(
        "duplicate_shipment_line",
        ErrorKind.Validation,
        "An order line appears more than once in the shipment; `orderLineId` names it.");

    public static readonly ErrorCode ShipmentExceedsOrderedQuantityCode = new(
        "shipment_exceeds_ordered_quantity",
        ErrorKind.BusinessRule,
        "A shipment would ship more units of a line than are left to ship; `orderLineId`, `ordered`, `alreadyShipped` and `requested` give the numbers.");

    public static readonly ErrorCode ShipmentNotFoundCode = new(
        "shipment_not_found",
        ErrorKind.NotFound,
        "The order has no shipment with this id; `shipmentId` names it.");

    public static readonly ErrorCode ShipmentAlreadyDeliveredCode = new(
        "shipment_already_delivered",
        ErrorKind.Conflict,
        "The shipment has already been delivered; `shipmentId` names it.");

    public static DomainError ActionNotAllowed(
        OrderAction action,
        OrderStatus status,
        PaymentStatus payment,
        FulfilmentStatus fulfilment,
        IReadOnlyList<OrderAction> allowed)
    {
        // Expiry is the payment-window job's alone; a caller is never offered it.
        var allowedNames = allowed.Where(a => a != OrderAction.Expire).Select(StateNames.Of).ToArray();
        return ActionNotAllowedCode.Error(
            $"Cannot {StateNames.Of(action)} an order whose status is {StateNames.Of(status)}, payment {StateNames.Of(payment)} "
                + $"and fulfilment {StateNames.Of(fulfilment)}. Allowed actions: {(allowedNames.Length == 0 ? "none" : string.Join(", ", allowedNames))}.") with
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
    public static DomainError AmountTooLarge(string currency) => AmountTooLargeCode.Error(
        $"The order's total would exceed {Money.MaxAmount} minor units, the most a payment can be; split it into several orders.") with
    {
        Details = new Dictionary<string, object?> { ["max"] = new Money(Money.MaxAmount, currency).ToDetail() },
    };

    public static DomainError CurrencyNotAccepted(string currency) => CurrencyNotAcceptedCode.Error(
        $"The shop takes no orders in {currency}: it has no shipping rate, caps or refund limit for it.") with
    {
        Details = new Dictionary<string, object?> { ["currency"] = currency },
    };

    public static DomainError UnitsPerLineCapExceeded(Guid productId, string sku, int cap, int requested) => UnitsPerLineCapExceededCode.Error(
        $"A line may order at most {cap} unit(s); {requested} of {sku} requested.") with
    {
        Details = new Dictionary<string, object?> { ["productId"] = productId, ["sku"] = sku, ["cap"] = cap, ["requested"] = requested },
    };

    public static DomainError OpenUnpaidOrdersCapExceeded(int cap) => OpenUnpaidOrdersCapExceededCode.Error(
        $"The customer already has {cap} unpaid order(s), the most they may hold; pay or cancel one first.") with
    {
        Details = new Dictionary<string, object?> { ["cap"] = cap },
    };

    public static DomainError ReservedValueCapExceeded(Money cap, Money reserved, Money requested) => ReservedValueCapExceededCode.Error(
        $"Unpaid orders may reserve goods worth at most {Currencies.Format(cap)} per customer; {Currencies.Format(reserved)} are reserved "
            + $"and this order adds {Currencies.Format(requested)}. Pay or cancel an order first.") with
    {
        Details = new Dictionary<string, object?>
        {
            ["valueCap"] = cap.ToDetail(),
            ["reservedValue"] = reserved.ToDetail(),
            ["orderValue"] = requested.ToDetail(),
        },
    };

    public static DomainError PaymentWindowClosed(DateTimeOffset dueAt) => PaymentWindowClosedCode.Error(
        $"The order had to be paid by {dueAt:u}; it can no longer be paid and expires shortly.") with
    {
        Details = new Dictionary<string, object?> { ["paymentDueAt"] = dueAt },
    };

    public static DomainError PaymentWindowOpen(DateTimeOffset dueAt) => PaymentWindowOpenCode.Error(
        $"The order may be paid until {dueAt:u}; it cannot expire before then.") with
    {
        Details = new Dictionary<string, object?> { ["paymentDueAt"] = dueAt },
    };

    public static DomainError RefundLimitExceeded(Money limit, Money alreadyRefunded, Money requested) => RefundLimitExceededCode.Error(
        $"You may refund at most {Currencies.Format(limit)} on one order; you have refunded {Currencies.Format(alreadyRefunded)} on this one "
            + $"and this would add {Currencies.Format(requested)}. Larger refunds need the 'orders.refund.unlimited' permission.") with
    {
        Details = new Dictionary<string, object?>
        {
            ["limit"] = limit.ToDetail(),
            ["alreadyRefunded"] = alreadyRefunded.ToDetail(),
            ["refund"] = requested.ToDetail(),
        },
    };

    public static DomainError RefundNotPermitted(Money amount) => RefundNotPermittedCode.Error(
        $"This would refund {Currencies.Format(amount)}, and you may not give money back; a paid order is cancelled by the shop's staff.") with
    {
        Details = new Dictionary<string, object?> { ["refund"] = amount.ToDetail() },
    };

    public static DomainError NoLines() =>
        OrderHasNoLinesCode.Error("An order needs at least one line.");

    public static DomainError DuplicateLine(Guid productId) => DuplicateOrderLineCode.Error(
        $"Product {productId} appears on more than one line; order it once with the total quantity.") with
    {
        Details = new Dictionary<string, object?> { ["productId"] = productId },
    };

    public static DomainError CurrencyMismatch(string expected, string actual) => CurrencyMismatchCode.Error(
        $"Expected an amount in {expected} but got {actual}.") with
    {
        Details = new Dictionary<string, object?> { ["expected"] = expected, ["actual"] = actual },
    };

    /// <summary>A product on the order is priced in another currency than the order's (the request chose the order's).</summary>
    public static DomainError LineInOtherCurrency(Guid productId, string sku, string orderCurrency, string priceCurrency) => CurrencyMismatchCode.Error(
        $"Product {sku} is priced in {priceCurrency}, but this order is in {orderCurrency}: place the order in {priceCurrency}, or order only products priced in {orderCurrency}.") with
    {
        Details = new Dictionary<string, object?> { ["expected"] = orderCurrency, ["actual"] = priceCurrency, ["productId"] = productId },
    };

    /// <summary>No currency was named and the products ordered are priced in several, so none is the order's.</summary>
    public static DomainError CurrencyRequired(IReadOnlyList<string> currencies) => CurrencyRequiredCode.Error(
        $"The products ordered are priced in {string.Join(" and ", currencies)}: name the order's currency in 'currency' and order only products priced in it.") with
    {
        Details = new Dictionary<string, object?> { ["currencies"] = currencies },
    };

    /// <summary>The shipping fee sent is in another currency than the order's.</summary>
    public static DomainError ShippingFeeInOtherCurrency(string orderCurrency, string feeCurrency) => CurrencyMismatchCode.Error(
        $"The shipping fee is in {feeCurrency}, but this order is in {orderCurrency}: send the fee in {orderCurrency}.") with
    {
        Details = new Dictionary<string, object?> { ["expected"] = orderCurrency, ["actual"] = feeCurrency },
    };

    public static DomainError PaymentAmountMismatch(Money total, Money paid) => PaymentAmountMismatchCode.Error(
        $"The payment of {paid} does not equal the order total of {total}.") with
    {
        Details = new Dictionary<string, object?> { ["total"] = total.Amount, ["paid"] = paid.Amount },
    };

    public static DomainError RefundExceedsPaidAmount(Money requested, Money refundable) => RefundExceedsPaidAmountCode.Error(
        $"Cannot refund {requested}: only {refundable} of the payment has not been refunded yet.") with
    {
        Details = new Dictionary<string, object?> { ["requested"] = requested.Amount, ["refundable"] = refundable.Amount },
    };

    public static DomainError UnknownOrderLine(Guid orderLineId) => UnknownOrderLineCode.Error(
        $"The order has no line {orderLineId}.") with
    {
        Details = new Dictionary<string, object?> { ["orderLineId"] = orderLineId },
    };

    public static DomainError ShipmentHasNoLines() =>
        ShipmentHasNoLinesCode.Error("A shipment needs at least one line.");

    public static DomainError DuplicateShipmentLine(Guid orderLineId) => DuplicateShipmentLineCode.Error(
        $"Order line {orderLineId} appears more than once in the shipment.") with
    {
        Details = new Dictionary<string, object?> { ["orderLineId"] = orderLineId },
    };

    public static DomainError ShipmentExceedsOrderedQuantity(Guid orderLineId, int ordered, int alreadyShipped, int requested) => ShipmentExceedsOrderedQuantityCode.Error(
        $"Line {orderLineId} ordered {ordered}, already shipped {alreadyShipped}; cannot ship {requested} more.") with
    {
        Details = new Dictionary<string, object?>
        {
            ["orderLineId"] = orderLineId,
            ["ordered"] = ordered,
            ["alreadyShipped"] = alreadyShipped,
            ["requested"] = requested,
        },
    };

    public static DomainError ShipmentNotFound(Guid shipmentId) => ShipmentNotFoundCode.Error(
        $"The order has no shipment {shipmentId}.") with
    {
        Details = new Dictionary<string, object?> { ["shipmentId"] = shipmentId },
    };

    public static DomainError ShipmentAlreadyDelivered(Guid shipmentId) => ShipmentAlreadyDeliveredCode.Error(
        $"Shipment {shipmentId} has already been delivered.") with
    {
        Details = new Dictionary<string, object?> { ["shipmentId"] = shipmentId },
    };
}
