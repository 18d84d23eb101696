using System.Globalization;
using System.Text.Json.Serialization;
using Ordo.Api.Features.Customers;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public sealed record OrderLineResponse(
    Guid Id, Guid ProductId, string Sku, string ProductName, MoneyDto UnitPrice, int Quantity, int ShippedQuantity, MoneyDto LineTotal);

public sealed record ShipmentLineResponse(Guid OrderLineId, int Quantity);

public sealed record ShipmentResponse(
    Guid Id, string Carrier, string TrackingNumber, DateTimeOffset ShippedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<ShipmentLineResponse> Lines)
{
    /// <summary>The parcel, its lines in a stable order.</summary>
    public static ShipmentResponse From(Shipment shipment)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        return new(
            shipment.Id,
            shipment.Carrier,
            shipment.TrackingNumber,
            shipment.ShippedAt,
            shipment.DeliveredAt,
            [.. shipment.Lines.Select(l => new ShipmentLineResponse(l.OrderLineId, l.Quantity)).OrderBy(l => l.OrderLineId)]);
    }
}

/// <summary>A refund; <see cref="Reason"/> and <see cref="Actor"/> are internal and null in the customer projection.</summary>
public sealed record RefundResponse(Guid Id, MoneyDto Amount, string? Reason, string? Actor, DateTimeOffset CreatedAt)
{
    public static RefundResponse From(Refund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return new(refund.Id, MoneyDto.From(refund.Amount), refund.Reason, refund.Actor, refund.CreatedAt);
    }

    /// <summary>The refund as this caller may see it (<see cref="AccessRules.SeesOrderInternals"/>).</summary>
    public RefundResponse AsSeenBy(HttpContext http) =>
        AccessRules.SeesOrderInternals(CallerAccess.Required(http)) ? this : this with { Reason = null, Actor = null };
}

public sealed record OrderResponse(
    Guid Id,
    string Number,
    Guid CustomerId,
    string Currency,
    [property: ClosedSet(typeof(OrderStatus))] string Status,
    [property: ClosedSet(typeof(PaymentStatus))] string PaymentStatus,
    [property: ClosedSet(typeof(FulfilmentStatus))] string FulfilmentStatus,
    [property: ClosedSet(nameof(OrderAction), typeof(ClientActions), nameof(ClientActions.All))] IReadOnlyList<string> AllowedActions,
    IReadOnlyList<OrderLineResponse> Lines,
    MoneyDto Subtotal,
    MoneyDto ShippingFee,
    MoneyDto Total,
    MoneyDto AmountPaid,
    MoneyDto AmountRefunded,
    string? PaymentReference,
    AddressResponse? ShippingAddress,
    AddressResponse? BillingAddress,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<ShipmentResponse> Shipments,
    IReadOnlyList<RefundResponse> Refunds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset PaymentDueAt) : IHasExample<OrderResponse>
{
    public static OrderResponse Example => new(
        ExampleValues.OrderId,
        "ORD-000123",
        ExampleValues.CustomerId,
        "EUR",
        "pending",
        "unpaid",
        "unfulfilled",
        ["pay", "cancel"],
        [new OrderLineResponse(Guid.Parse("019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f91"), ExampleValues.ProductId, "MUG-BLUE", "Blue mug", new MoneyDto(1999, "EUR"), 2, 0, new MoneyDto(3998, "EUR"))],
        new MoneyDto(3998, "EUR"),
        new MoneyDto(495, "EUR"),
        new MoneyDto(4493, "EUR"),
        new MoneyDto(0, "EUR"),
        new MoneyDto(0, "EUR"),
        null,
        new AddressResponse("12 St James's Square", null, "London", "SW1Y 4LB", null, "GB"),
        new AddressResponse("12 St James's Square", null, "London", "SW1Y 4LB", null, "GB"),
        new Dictionary<string, string> { ["erpOrderId"] = "SO-48213" },
        [],
        [],
        ExampleValues.At,
        ExampleValues.At,
        ExampleValues.At.AddMinutes(30));

    /// <summary>The aggregate as this caller may see it (<see cref="AsSeenBy"/>).</summary>
    public static OrderResponse For(Order order, HttpContext http) => From(order).AsSeenBy(http);

    /// <summary>
    /// This order as the caller may see it: customers get it without the payment provider's reference and without the
    /// reason and actor of each refund (<see cref="AccessRules.SeesOrderInternals"/>); its addresses are masked like a
    /// customer's contact details for staff who neither fulfil orders nor see personal data
    /// (<see cref="AccessRules.SeesOrderAddresses"/>).
    /// </summary>
    public OrderResponse AsSeenBy(HttpContext http)
    {
        var caller = CallerAccess.Required(http);
        var seen = AccessRules.SeesOrderAddresses(caller, CustomerId)
            ? this
            : this with { ShippingAddress = ShippingAddress?.Masked(), BillingAddress = BillingAddress?.Masked() };
        return AccessRules.SeesOrderInternals(caller)
            ? seen
            : seen with { PaymentReference = null, Refunds = [.. Refunds.Select(refund => refund.AsSeenBy(http))] };
    }

    /// <summary>Child rows come back from the database in no particular order; responses list them in a stable one.</summary>
    public OrderResponse InStableOrder() => this with
    {
        Lines = [.. Lines.OrderBy(l => l.Sku, StringComparer.Ordinal)],
        Shipments = [.. Shipments.OrderBy(s => s.ShippedAt).ThenBy(s => s.Id).Select(s => s with { Lines = [.. s.Lines.OrderBy(l => l.OrderLineId)] })],
        Refunds = [.. Refunds.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)],
    };

    internal static OrderResponse From(Order order) => new OrderResponse(
        order.Id,
        OrderNumbers.Format(order.Number),
        order.CustomerId,
        order.Currency,
        StateNames.Of(order.Status),
        StateNames.Of(order.PaymentStatus),
        StateNames.Of(order.FulfilmentStatus),
        ClientActions.Of(order.AllowedActions),
        [.. order.Lines.Select(l => new OrderLineResponse(
            l.Id, l.ProductId, l.Sku.Value, l.ProductName, MoneyDto.From(l.UnitPrice), l.Quantity, l.ShippedQuantity, MoneyDto.From(l.LineTotal)))],
        MoneyDto.From(order.Subtotal),
        MoneyDto.From(order.ShippingFee),
        MoneyDto.From(order.Total),
        MoneyDto.From(order.AmountPaid),
        MoneyDto.From(order.AmountRefunded),
        order.PaymentReference,
        order.ShippingAddress is { } shipping ? AddressResponse.From(shipping) : null,
        order.BillingAddress is { } billing ? AddressResponse.From(billing) : null,
        order.Metadata,
        [.. order.Shipments.Select(ShipmentResponse.From)],
        [.. order.Refunds.Select(RefundResponse.From)],
        order.CreatedAt,
        order.UpdatedAt,
        order.PaymentDueAt).InStableOrder();
}

/// <summary>
/// <c>allowedActions</c> as clients see them: the state machine's actions that have an endpoint. Expiry is the
/// background job's alone, so it is never offered.
/// </summary>
public static class ClientActions
{
    /// <summary>Every action a client may be offered, in the state machine's order.</summary>
    public static readonly IReadOnlyList<string> All = Of(Enum.GetValues<OrderAction>());

    public static IReadOnlyList<string> Of(IEnumerable<OrderAction> allowed) =>
        [.. allowed.Where(action => action != OrderAction.Expire).Select(StateNames.Of)];
}

public sealed record OrderEventResponse(
    Guid Id,
    int Sequence,
    [property: ClosedSet("OrderEventType", typeof(OrderEventTypes), nameof(OrderEventTypes.All))] string Type,
    string Actor, DateTimeOffset OccurredAt, OrderEventData Data) : IHasExample<OrderEventResponse>
{
    public static OrderEventResponse Example => new(
        Guid.Parse("019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f99"), 2, "order.paid", "user:42", ExampleValues.At, new OrderEventData { Amount = new MoneyDto(4493, "EUR"), ExternalReference = "pi_3PqK2aLkdIwHu7ix0" });

    public const string CustomerActor = "customer";
    public const string StaffActor = "staff";
    public const string SystemActor = "system";

    /// <summary>
    /// The event as this caller may see it (<see cref="AccessRules.SeesOrderInternals"/>): customers see the actor
    /// only as <c>customer</c> (themselves), <c>system</c> or <c>staff</c> (anyone acting for the shop), and no
    /// internal data (<see cref="OrderEventData.For"/>).
    /// </summary>
    public static OrderEventResponse For(OrderEvent orderEvent, string currency, CallerAccess caller)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        ArgumentNullException.ThrowIfNull(caller);
        var internals = AccessRules.SeesOrderInternals(caller);
        var actor = internals ? orderEvent.Actor
            : orderEvent.Actor == caller.SubjectId ? CustomerActor
            : orderEvent.Actor.StartsWith(SystemActor + ":", StringComparison.Ordinal) ? SystemActor
            : StaffActor;

        return new(orderEvent.Id, orderEvent.Sequence, orderEvent.Type, actor, orderEvent.OccurredAt, OrderEventData.For(orderEvent.Data, currency, internals));
    }
}

/// <summary>
/// What an event carries; only the fields its type records are present. Money is <c>{ amount, currency }</c> as
/// everywhere else (stored as minor units, in the order's currency).
/// </summary>
public sealed record OrderEventData
{
    /// <summary>order.placed: the order's total.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MoneyDto? Total { get; init; }

    /// <summary>order.placed, staff only: the shipping fee set by someone allowed to override the rate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MoneyDto? ShippingFeeOverride { get; init; }

    /// <summary>order.paid and order.refunded: the amount paid or refunded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MoneyDto? Amount { get; init; }

    /// <summary>order.paid, staff only: the payment provider's reference.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExternalReference { get; init; }

    /// <summary>order.refunded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? RefundId { get; init; }

    /// <summary>order.refunded, staff only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>order.shipped and order.delivered.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? ShipmentId { get; init; }

    /// <summary>order.shipped.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Carrier { get; init; }

    /// <summary>order.shipped.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrackingNumber { get; init; }

    /// <summary>
    /// The stored data of an event in the order's <paramref name="currency"/>. Without <paramref name="internals"/>
    /// the payment provider's reference, refund reasons and fee overrides stay out.
    /// </summary>
    public static OrderEventData For(IReadOnlyDictionary<string, string> data, string currency, bool internals)
    {
        ArgumentNullException.ThrowIfNull(data);
        string? Text(string key) => data.TryGetValue(key, out var value) ? value : null;
        string? Internal(string key) => internals ? Text(key) : null;
        MoneyDto? Money(string? minor) => minor is null ? null : new MoneyDto(long.Parse(minor, CultureInfo.InvariantCulture), currency);
        Guid? Id(string key) => Text(key) is { } id ? Guid.Parse(id) : null;
        return new OrderEventData
        {
            Total = Money(Text("total")),
            ShippingFeeOverride = Money(Internal("shippingFeeOverride")),
            Amount = Money(Text("amount")),
            ExternalReference = Internal("externalReference"),
            RefundId = Id("refundId"),
            Reason = Internal("reason"),
            ShipmentId = Id("shipmentId"),
            Carrier = Text("carrier"),
            TrackingNumber = Text("trackingNumber"),
        };
    }
}
