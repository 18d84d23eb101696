using System.Globalization;
using Ordo.Domain.Common;
using Ordo.Domain.Products;

namespace Ordo.Domain.Orders;

/// <summary>
/// A customer's order with three independent state axes (status, payment, fulfilment). Each behaviour method first
/// asks <see cref="OrderStateMachine"/> whether the action is allowed, validates everything, and only then changes
/// state — so a refused call leaves the order untouched. Every change appends an <see cref="OrderEvent"/>.
/// </summary>
/// <remarks>
/// Stock is not touched here: after Place/Cancel/Expire/Ship succeed the caller reserves, releases or ships the
/// lines' quantities on the products in the same transaction.
/// </remarks>
public sealed class Order
{
    public const int MaxReasonLength = 500;
    public const int MaxPaymentReferenceLength = 200;
    public const int MaxCarrierLength = 100;
    public const int MaxTrackingNumberLength = 100;
    public const string CancellationRefundReason = "Order cancelled";

    private readonly List<OrderLine> _lines = [];
    private readonly List<Refund> _refunds = [];
    private readonly List<Shipment> _shipments = [];
    private readonly List<OrderEvent> _events = [];

    private Order()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Human-facing number from a database sequence, generated on insert; 0 until saved.</summary>
    public long Number { get; private set; }

    public Guid CustomerId { get; private set; }

    public string Currency { get; private set; } = null!;

    public OrderStatus Status { get; private set; }

    public PaymentStatus PaymentStatus { get; private set; }

    public FulfilmentStatus FulfilmentStatus { get; private set; }

    // Amounts are stored rather than derived so list queries can filter and sort on them; lines never change
    // after placement, so they cannot drift.
    public Money Subtotal { get; private set; }

    public Money ShippingFee { get; private set; }

    public Money Total { get; private set; }

    public Money AmountPaid { get; private set; }

    public Money AmountRefunded { get; private set; }

    /// <summary>The payment provider's id for the payment, needed to refund it.</summary>
    public string? PaymentReference { get; private set; }

    /// <summary>How many timeline events the order has; numbers the next one.</summary>
    public int EventCount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public IReadOnlyList<Refund> Refunds => _refunds;

    public IReadOnlyList<Shipment> Shipments => _shipments;

    /// <summary>The timeline, oldest first. Entries appended since loading are the ones to insert.</summary>
    public IReadOnlyList<OrderEvent> Events => _events;

    public IReadOnlyList<OrderAction> AllowedActions =>
        OrderStateMachine.AllowedActions(Status, PaymentStatus, FulfilmentStatus);

    /// <param name="shippingFee">Null means free shipping.</param>
    public static Result<Order> Place(
        Guid customerId,
        string currency,
        IReadOnlyCollection<NewOrderLine> lines,
        Money? shippingFee,
        string actor,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (customerId == Guid.Empty)
        {
            throw new ArgumentException("An order needs a customer.", nameof(customerId));
        }

        var validCurrency = Money.NormalizeCurrency(currency);
        if (validCurrency.IsFailure)
        {
            return validCurrency.Error;
        }

        var code = validCurrency.Value;
        if (lines.Count == 0)
        {
            return OrderErrors.NoLines();
        }

        var productIds = new HashSet<Guid>();
        foreach (var line in lines)
        {
            if (line.Quantity < 1)
            {
                return ValidationErrors.Invalid("quantity", "Every line must order at least 1 unit.");
            }

            if (!productIds.Add(line.ProductId))
            {
                return OrderErrors.DuplicateLine(line.ProductId);
            }

            if (line.UnitPrice.Currency != code)
            {
                return OrderErrors.CurrencyMismatch(code, line.UnitPrice.Currency);
            }

            if (line.ProductStatus == ProductStatus.Archived)
            {
                return OrderErrors.ProductArchived(line.ProductId, line.Sku.Value);
            }
        }

        var fee = shippingFee ?? Money.Zero(code);
        if (fee.Currency != code)
        {
            return OrderErrors.CurrencyMismatch(code, fee.Currency);
        }

        if (fee.Amount < 0)
        {
            return ValidationErrors.Invalid("shipping_fee", "The shipping fee cannot be negative.");
        }

        var order = new Order
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customerId,
            Currency = code,
            Status = OrderStatus.Pending,
            PaymentStatus = PaymentStatus.Unpaid,
            FulfilmentStatus = FulfilmentStatus.Unfulfilled,
            ShippingFee = fee,
            AmountPaid = Money.Zero(code),
            AmountRefunded = Money.Zero(code),
            CreatedAt = now,
        };
        order._lines.AddRange(lines.Select(line => new OrderLine(line, now)));
        try
        {
            order.Subtotal = order._lines.Aggregate(Money.Zero(code), (sum, line) => sum.Add(line.LineTotal));
            order.Total = order.Subtotal.Add(fee);
        }
        catch (OverflowException)
        {
            return OrderErrors.AmountTooLarge();
        }
        order.Record(OrderEventTypes.Placed, actor, now, ("total", Minor(order.Total)), ("currency", code));
        return order;
    }

    /// <summary>Records the provider-confirmed payment, which must cover the total exactly.</summary>
    public Result Pay(Money amount, string externalReference, string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (NotAllowed(OrderAction.Pay) is { } notAllowed)
        {
            return notAllowed;
        }

        if (amount.Currency != Currency)
        {
            return OrderErrors.CurrencyMismatch(Currency, amount.Currency);
        }

        var reference = Text.Required(externalReference, "external_reference", MaxPaymentReferenceLength);
        if (reference.IsFailure)
        {
            return reference.Error;
        }

        if (amount != Total)
        {
            return OrderErrors.PaymentAmountMismatch(Total, amount);
        }

        Status = OrderStatus.Open;
        PaymentStatus = PaymentStatus.Paid;
        AmountPaid = amount;
        PaymentReference = reference.Value;
        Record(OrderEventTypes.Paid, actor, now, ("amount", Minor(amount)), ("externalReference", reference.Value));
        return Result.Success();
    }

    /// <summary>
    /// Cancels a pending order, or an open one before anything shipped; an open order gets whatever of its payment
    /// is not yet refunded back as one refund. The caller then releases the reserved stock of every line.
    /// </summary>
    public Result Cancel(string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (NotAllowed(OrderAction.Cancel) is { } notAllowed)
        {
            return notAllowed;
        }

        var refundable = AmountPaid.Subtract(AmountRefunded);
        if (refundable.Amount > 0)
        {
            AddRefund(refundable, CancellationRefundReason, actor, now);
        }

        Status = OrderStatus.Cancelled;
        Record(OrderEventTypes.Cancelled, actor, now);
        return Result.Success();
    }

    public Result<Refund> Refund(Money amount, string reason, string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (NotAllowed(OrderAction.Refund) is { } notAllowed)
        {
            return notAllowed;
        }

        if (amount.Currency != Currency)
        {
            return OrderErrors.CurrencyMismatch(Currency, amount.Currency);
        }

        if (amount.Amount <= 0)
        {
            return ValidationErrors.Invalid("amount", "The refund amount must be positive.");
        }

        var validReason = Text.Required(reason, "reason", MaxReasonLength);
        if (validReason.IsFailure)
        {
            return validReason.Error;
        }

        var refundable = AmountPaid.Subtract(AmountRefunded);
        if (amount.Amount > refundable.Amount)
        {
            return OrderErrors.RefundExceedsPaidAmount(amount, refundable);
        }

        return AddRefund(amount, validReason.Value, actor, now);
    }

    /// <summary>Records one parcel. The caller then ships the same quantities on the products (stock leaves).</summary>
    public Result<Shipment> Ship(
        IReadOnlyCollection<ShipmentLine> lines,
        string carrier,
        string trackingNumber,
        string actor,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (NotAllowed(OrderAction.Ship) is { } notAllowed)
        {
            return notAllowed;
        }

        if (lines.Count == 0)
        {
            return OrderErrors.ShipmentHasNoLines();
        }

        var validCarrier = Text.Required(carrier, "carrier", MaxCarrierLength);
        if (validCarrier.IsFailure)
        {
            return validCarrier.Error;
        }

        var validTrackingNumber = Text.Required(trackingNumber, "tracking_number", MaxTrackingNumberLength);
        if (validTrackingNumber.IsFailure)
        {
            return validTrackingNumber.Error;
        }

        // Check every line before recording any, so a refused shipment leaves no partial trace.
        var lineIds = new HashSet<Guid>();
        foreach (var line in lines)
        {
            if (!lineIds.Add(line.OrderLineId))
            {
                return OrderErrors.DuplicateShipmentLine(line.OrderLineId);
            }

            if (line.Quantity < 1)
            {
                return ValidationErrors.Invalid("quantity", "Every shipment line must carry at least 1 unit.");
            }

            var orderLine = _lines.Find(l => l.Id == line.OrderLineId);
            if (orderLine is null)
            {
                return OrderErrors.UnknownOrderLine(line.OrderLineId);
            }

            if (line.Quantity > orderLine.UnshippedQuantity)
            {
                return OrderErrors.ShipmentExceedsOrderedQuantity(
                    line.OrderLineId, orderLine.Quantity, orderLine.ShippedQuantity, line.Quantity);
            }
        }

        foreach (var line in lines)
        {
            _lines.Single(l => l.Id == line.OrderLineId).RecordShipped(line.Quantity);
        }

        var shipment = new Shipment(lines, validCarrier.Value, validTrackingNumber.Value, now);
        _shipments.Add(shipment);
        FulfilmentStatus = _lines.TrueForAll(l => l.UnshippedQuantity == 0)
            ? FulfilmentStatus.Fulfilled
            : FulfilmentStatus.PartiallyFulfilled;
        Record(
            OrderEventTypes.Shipped,
            actor,
            now,
            ("shipmentId", shipment.Id.ToString()),
            ("carrier", shipment.Carrier),
            ("trackingNumber", shipment.TrackingNumber));
        return shipment;
    }

    /// <summary>Marks one shipment delivered; the last delivery of a fulfilled order completes it.</summary>
    public Result Deliver(Guid shipmentId, string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (NotAllowed(OrderAction.Deliver) is { } notAllowed)
        {
            return notAllowed;
        }

        var shipment = _shipments.Find(s => s.Id == shipmentId);
        if (shipment is null)
        {
            return OrderErrors.ShipmentNotFound(shipmentId);
        }

        if (shipment.IsDelivered)
        {
            return OrderErrors.ShipmentAlreadyDelivered(shipmentId);
        }

        shipment.MarkDelivered(now);
        Record(OrderEventTypes.Delivered, actor, now, ("shipmentId", shipmentId.ToString()));

        if (FulfilmentStatus == FulfilmentStatus.Fulfilled && _shipments.TrueForAll(s => s.IsDelivered))
        {
            FulfilmentStatus = FulfilmentStatus.Delivered;
            Status = OrderStatus.Completed;
            Record(OrderEventTypes.Completed, actor, now);
        }

        return Result.Success();
    }

    /// <summary>Closes an unpaid order; the background job calls it after the payment window and releases the stock.</summary>
    public Result Expire(string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (NotAllowed(OrderAction.Expire) is { } notAllowed)
        {
            return notAllowed;
        }

        Status = OrderStatus.Expired;
        Record(OrderEventTypes.Expired, actor, now);
        return Result.Success();
    }

    private static string Minor(Money money) => money.Amount.ToString(CultureInfo.InvariantCulture);

    private DomainError? NotAllowed(OrderAction action) =>
        OrderStateMachine.IsAllowed(action, Status, PaymentStatus, FulfilmentStatus)
            ? null
            : OrderErrors.ActionNotAllowed(action, Status, PaymentStatus, FulfilmentStatus, AllowedActions);

    private Refund AddRefund(Money amount, string reason, string actor, DateTimeOffset now)
    {
        var refund = new Refund(amount, reason, actor, now);
        _refunds.Add(refund);
        AmountRefunded = AmountRefunded.Add(amount);
        PaymentStatus = AmountRefunded == AmountPaid ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        Record(
            OrderEventTypes.Refunded,
            actor,
            now,
            ("refundId", refund.Id.ToString()),
            ("amount", Minor(amount)),
            ("reason", reason));
        return refund;
    }

    private void Record(string type, string actor, DateTimeOffset now, params (string Key, string Value)[] data)
    {
        EventCount++;
        _events.Add(new OrderEvent(Id, EventCount, type, actor, data.ToDictionary(d => d.Key, d => d.Value), now));
        UpdatedAt = now;
    }
}
