using System.Globalization;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Domain.Products;

namespace Ordo.Domain.Orders;

/// <summary>
/// A customer's order with three independent state axes (status, payment, fulfilment). Each behaviour method first
/// asks <see cref="OrderStateMachine"/> whether the action is allowed, validates everything, and only then changes
/// state — so a refused call leaves the order untouched. Every change appends an <see cref="OrderEvent"/>.
/// </summary>
/// <remarks>
/// Stock is not touched here (<see cref="Place"/> reserves nothing): after Place/Cancel/Expire/Ship succeed the caller applies <see cref="StockReservations"/> to
/// the products in the same transaction.
/// </remarks>
public sealed class Order
{
    public const int MaxReasonLength = 500;
    public const int MaxPaymentReferenceLength = 200;
    public const int MaxCarrierLength = 100;
    public const int MaxTrackingNumberLength = 100;
    public const string CancellationRefundReason = "Order cancelled";

    /// <summary>The actor recorded when an unpaid order expires.</summary>
    public const string ExpiryActor = "system:expiry";

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

    /// <summary>Where the parcels go: a copy taken at placement, so a later change of the customer's addresses leaves it.</summary>
    public Address? ShippingAddress { get; private set; }

    /// <summary>Where the invoice goes; the shipping address unless another was given at placement.</summary>
    public Address? BillingAddress { get; private set; }

    /// <summary>The payment provider's id for the payment, needed to refund it.</summary>
    public string? PaymentReference { get; private set; }

    /// <summary>How many timeline events the order has; numbers the next one.</summary>
    public int EventCount { get; private set; }

    /// <summary>The integrator's own key-value pairs (<see cref="MetadataRules"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = MetadataRules.None;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// When the payment window closes: fixed at placement, so a later change of the configured window neither extends
    /// nor shortens it. <see cref="Pay"/> refuses from this instant on and <see cref="Expire"/> is allowed from it.
    /// </summary>
    public DateTimeOffset PaymentDueAt { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public IReadOnlyList<Refund> Refunds => _refunds;

    public IReadOnlyList<Shipment> Shipments => _shipments;

    /// <summary>The timeline, oldest first. Entries appended since loading are the ones to insert.</summary>
    public IReadOnlyList<OrderEvent> Events => _events;

    public IReadOnlyList<OrderAction> AllowedActions =>
        OrderStateMachine.AllowedActions(Status, PaymentStatus, FulfilmentStatus);

    /// <summary>
    /// Places an order under the <paramref name="terms"/> of its currency: the server computes the subtotal, the
    /// shipping fee (from the rate, unless a caller allowed to override it passes <paramref name="shippingFeeOverride"/>)
    /// and the total, which stays within what a payment can be; the customer's <paramref name="unpaid"/> orders and this
    /// one must stay within the caps; and the order must be paid by <see cref="PaymentDueAt"/>. The order keeps a copy
    /// of the <paramref name="addresses"/>; without a billing address, it bills to the shipping address. The
    /// <paramref name="metadata"/> is the integrator's, checked against <see cref="MetadataRules"/>.
    /// </summary>
    public static Result<Order> Place(
        Guid customerId,
        IReadOnlyCollection<NewOrderLine> lines,
        OrderTerms terms,
        UnpaidOrders unpaid,
        Money? shippingFeeOverride,
        string actor,
        DateTimeOffset now,
        OrderAddresses addresses = default,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (customerId == Guid.Empty)
        {
            throw new ArgumentException("An order needs a customer.", nameof(customerId));
        }

        var validMetadata = MetadataRules.Merge(MetadataRules.None, (metadata ?? MetadataRules.None).Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)));
        if (validMetadata.IsFailure)
        {
            return validMetadata.Error;
        }

        var code = terms.Currency;
        if (unpaid.ReservedValue.Currency != code)
        {
            throw new ArgumentException("The customer's unpaid orders are counted in the new order's currency.", nameof(unpaid));
        }

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
                return OrderErrors.LineInOtherCurrency(line.ProductId, line.Sku.Value, code, line.UnitPrice.Currency);
            }

            if (line.ProductStatus == ProductStatus.Archived)
            {
                return ProductErrors.Archived(line.ProductId, line.Sku.Value);
            }
        }

        if (shippingFeeOverride is { } fee)
        {
            if (fee.Currency != code)
            {
                return OrderErrors.ShippingFeeInOtherCurrency(code, fee.Currency);
            }

            if (fee.Amount < 0)
            {
                return ValidationErrors.Invalid("shipping_fee", "The shipping fee cannot be negative.");
            }
        }

        var order = new Order
        {
            Id = Guid.CreateVersion7(now),
            CustomerId = customerId,
            Currency = code,
            Status = OrderStatus.Pending,
            PaymentStatus = PaymentStatus.Unpaid,
            FulfilmentStatus = FulfilmentStatus.Unfulfilled,
            AmountPaid = Money.Zero(code),
            AmountRefunded = Money.Zero(code),
            CreatedAt = now,
            PaymentDueAt = now + terms.PaymentWindow,
            ShippingAddress = addresses.Shipping,
            BillingAddress = addresses.Billing ?? addresses.Shipping,
            Metadata = validMetadata.Value,
        };
        order._lines.AddRange(lines.Select(line => new OrderLine(line, now)));
        try
        {
            order.Subtotal = order._lines.Aggregate(Money.Zero(code), (sum, line) => sum.Add(line.LineTotal));
            order.ShippingFee = shippingFeeOverride ?? terms.Shipping.FeeFor(order.Subtotal);
            order.Total = order.Subtotal.Add(order.ShippingFee);
        }
        catch (OverflowException)
        {
            return OrderErrors.AmountTooLarge(code);
        }

        // Payments and refunds are capped at Money.MaxAmount: a larger order could be placed but never paid.
        if (order.Total.Amount > Money.MaxAmount)
        {
            return OrderErrors.AmountTooLarge(code);
        }

        if (CapExceeded(order, terms, unpaid) is { } capExceeded)
        {
            return capExceeded;
        }

        var placed = new List<(string, string)> { ("total", Minor(order.Total)), ("currency", code) };
        if (shippingFeeOverride is not null)
        {
            placed.Add(("shippingFeeOverride", Minor(order.ShippingFee)));
        }

        order.Record(OrderEventTypes.Placed, actor, now, [.. placed]);
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

        if (now >= PaymentDueAt)
        {
            return OrderErrors.PaymentWindowClosed(PaymentDueAt);
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
    /// is not yet refunded back as one refund, which the <paramref name="allowance"/> of the actor must cover like any
    /// other refund. The caller then releases the reserved stock of every line.
    /// </summary>
    public Result Cancel(string actor, RefundAllowance allowance, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentNullException.ThrowIfNull(allowance);
        if (NotAllowed(OrderAction.Cancel) is { } notAllowed)
        {
            return notAllowed;
        }

        var refundable = AmountPaid.Subtract(AmountRefunded);
        if (refundable.Amount > 0)
        {
            if (allowance.Refuses(this, actor, refundable) is { } refused)
            {
                return refused;
            }

            AddRefund(refundable, CancellationRefundReason, actor, now);
        }

        Status = OrderStatus.Cancelled;
        Record(OrderEventTypes.Cancelled, actor, now);
        return Result.Success();
    }

    /// <summary>Gives part or all of the payment back; never more than was paid, never more than the actor's <paramref name="allowance"/>.</summary>
    public Result<Refund> Refund(Money amount, string reason, string actor, RefundAllowance allowance, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentNullException.ThrowIfNull(allowance);
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

        if (allowance.Refuses(this, actor, amount) is { } refused)
        {
            return refused;
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

    /// <summary>Closes an unpaid order once its payment window has closed; the background job calls it and releases the stock.</summary>
    public Result Expire(string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (NotAllowed(OrderAction.Expire) is { } notAllowed)
        {
            return notAllowed;
        }

        if (now < PaymentDueAt)
        {
            return OrderErrors.PaymentWindowOpen(PaymentDueAt);
        }

        Status = OrderStatus.Expired;
        Record(OrderEventTypes.Expired, actor, now);
        return Result.Success();
    }

    /// <summary>What <paramref name="actor"/> has given back on this order so far, cancellation refunds included.</summary>
    public Money RefundedBy(string actor) =>
        _refunds.Where(r => r.Actor == actor).Aggregate(Money.Zero(Currency), (sum, refund) => sum.Add(refund.Amount));

    private static string Minor(Money money) => money.Amount.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The caps on what one customer may hold unpaid, i.e. stock reserved without payment: units per line, open unpaid
    /// orders, and the subtotal of those orders in this currency. Whoever places the order, the customer's caps apply.
    /// </summary>
    private static DomainError? CapExceeded(Order order, OrderTerms terms, UnpaidOrders unpaid)
    {
        if (order._lines.Find(l => l.Quantity > terms.MaxUnitsPerLine) is { } tooMany)
        {
            return OrderErrors.UnitsPerLineCapExceeded(tooMany.ProductId, tooMany.Sku.Value, terms.MaxUnitsPerLine, tooMany.Quantity);
        }

        if (unpaid.Count >= terms.MaxOpenUnpaidOrders)
        {
            return OrderErrors.OpenUnpaidOrdersCapExceeded(terms.MaxOpenUnpaidOrders);
        }

        return unpaid.ReservedValue.Amount + order.Subtotal.Amount > terms.MaxReservedValue.Amount
            ? OrderErrors.ReservedValueCapExceeded(terms.MaxReservedValue, unpaid.ReservedValue, order.Subtotal)
            : null;
    }

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

    /// <summary>
    /// Applies <paramref name="changes"/> to <see cref="Metadata"/> as a merge patch (values set keys, nulls remove them)
    /// and records it on the timeline; changes that leave the map as it was change nothing.
    /// </summary>
    public Result ChangeMetadata(IEnumerable<KeyValuePair<string, string?>> changes, string actor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var merged = MetadataRules.Merge(Metadata, changes);
        if (merged.IsFailure)
        {
            return merged.Error;
        }

        if (!MetadataRules.Same(merged.Value, Metadata))
        {
            Metadata = merged.Value;
            Record(OrderEventTypes.MetadataChanged, actor, now);
        }

        return Result.Success();
    }

    private void Record(string type, string actor, DateTimeOffset now, params (string Key, string Value)[] data)
    {
        EventCount++;
        _events.Add(new OrderEvent(Id, EventCount, type, actor, data.ToDictionary(d => d.Key, d => d.Value), now));
        UpdatedAt = now;
    }
}
