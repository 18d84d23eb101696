using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace Ordo.Bench.Baseline;

// The response shapes of Ordo (src/Ordo.Api/Features/Orders/OrderResponse.cs, OrderFilters.cs,
// Features/Products/ProductResponse.cs, Http/Paging.cs), copied so that the same serializer settings
// write the same bytes. bench/run compares the baselines' answers with Ordo's before it measures.
public sealed record MoneyDto(long Amount, string Currency);

public sealed record OrderLineResponse(
    Guid Id, Guid ProductId, string Sku, string ProductName, MoneyDto UnitPrice, int Quantity, int ShippedQuantity, MoneyDto LineTotal);

public sealed record ShipmentLineResponse(Guid OrderLineId, int Quantity);

public sealed record ShipmentResponse(
    Guid Id, string Carrier, string TrackingNumber, DateTimeOffset ShippedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<ShipmentLineResponse> Lines);

public sealed record RefundResponse(Guid Id, MoneyDto Amount, string? Reason, string? Actor, DateTimeOffset CreatedAt);

public sealed record OrderResponse(
    Guid Id,
    string Number,
    Guid CustomerId,
    string Currency,
    string Status,
    string PaymentStatus,
    string FulfilmentStatus,
    IReadOnlyList<string> AllowedActions,
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
    DateTimeOffset PaymentDueAt);

public sealed record OrderSummaryResponse(
    Guid Id,
    string Number,
    Guid CustomerId,
    string Status,
    string PaymentStatus,
    string FulfilmentStatus,
    IReadOnlyList<string> AllowedActions,
    MoneyDto Total,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record AddressResponse(string Line1, string? Line2, string City, string PostalCode, string? Region, string CountryCode);

public sealed record ProductResponse(
    Guid Id,
    string Sku,
    string Name,
    string? Description,
    MoneyDto UnitPrice,
    string Status,
    int StockOnHand,
    int StockReserved,
    int StockAvailable,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor, bool HasMore);

public sealed record CursorPayload(string Scope, IReadOnlyList<string> Keys);

public sealed record PlaceOrderLine(Guid ProductId, int Quantity);

public sealed record PlaceOrderRequest(Guid CustomerId, string Currency, IReadOnlyList<PlaceOrderLine> Lines, MoneyDto? ShippingFee = null);

public sealed record PayOrderRequest(MoneyDto Amount, string ExternalReference);

public sealed record ShipOrderLine(Guid OrderLineId, int Quantity);

public sealed record ShipOrderRequest(string Carrier, string TrackingNumber, IReadOnlyList<ShipOrderLine> Lines);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(Page<OrderSummaryResponse>))]
[JsonSerializable(typeof(ProductResponse))]
[JsonSerializable(typeof(CursorPayload))]
[JsonSerializable(typeof(PlaceOrderRequest))]
[JsonSerializable(typeof(PayOrderRequest))]
[JsonSerializable(typeof(ShipOrderRequest))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
internal sealed partial class WireJson : JsonSerializerContext
{
    /// <summary>
    /// As ASP.NET Core writes responses (its JsonOptions default to the relaxed encoder, so '&amp;' stays '&amp;'); cursors
    /// use <see cref="JsonSerializerContext"/>'s default encoder, as Ordo's do.
    /// </summary>
    public static WireJson Web { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.Strict,
    });
}

/// <summary>Ordo's state machine table (src/Ordo.Domain/Orders/OrderStateMachine.cs), as the client sees it (no expire).</summary>
public static class AllowedActions
{
    public static IReadOnlyList<string> Of(string status, string payment, string fulfilment)
    {
        var actions = new List<string>(4);
        if (status == "pending")
        {
            actions.Add("pay");
        }

        if (status == "pending" || (status == "open" && fulfilment == "unfulfilled"))
        {
            actions.Add("cancel");
        }

        var paid = payment is "paid" or "partially_refunded";
        if (status is "open" or "completed" && paid)
        {
            actions.Add("refund");
        }

        if (status == "open" && paid && fulfilment is "unfulfilled" or "partially_fulfilled")
        {
            actions.Add("ship");
        }

        if (status == "open" && fulfilment is "partially_fulfilled" or "fulfilled")
        {
            actions.Add("deliver");
        }

        return actions;
    }
}

/// <summary>Ordo's keyset cursors (src/Ordo.Api/Http/Paging.cs): base64url JSON plus a truncated SHA-256.</summary>
public static class Cursors
{
    public static string Encode(string scope, IReadOnlyList<string> keys)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new CursorPayload(Fingerprint(scope), keys), WireJson.Default.CursorPayload);
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(SHA256.HashData(payload)[..12]);
    }

    public static IReadOnlyList<string>? Decode(string cursor, string scope)
    {
        var parts = cursor.Split('.');
        if (parts.Length != 2)
        {
            return null;
        }

        var payload = WebEncoders.Base64UrlDecode(parts[0]);
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(payload).AsSpan(0, 12), WebEncoders.Base64UrlDecode(parts[1])))
        {
            return null;
        }

        var decoded = JsonSerializer.Deserialize(payload, WireJson.Default.CursorPayload);
        return decoded is { Keys.Count: 2 } && decoded.Scope == Fingerprint(scope) ? decoded.Keys : null;
    }

    private static string Fingerprint(string scope) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)))[..16];
}
