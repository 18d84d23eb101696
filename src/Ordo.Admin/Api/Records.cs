using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ordo.Admin.Api;

// The panel's own view of the API's JSON: it talks HTTP like any client and shares no code with the host, so it
// declares only the fields it shows (unknown ones are ignored) and keeps working when the API adds some.

public sealed record Money(long Amount, string Currency);

public sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor, bool HasMore);

public sealed record Account(Guid Id, string Email, IReadOnlyList<string> Roles, IReadOnlyList<string>? Permissions, bool MfaEnabled);

public sealed record OrderSummary(
    Guid Id, string Number, Guid CustomerId, string Status, string PaymentStatus, string FulfilmentStatus,
    IReadOnlyList<string> AllowedActions, Money Total, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record OrderLine(Guid Id, Guid ProductId, string Sku, string ProductName, Money UnitPrice, int Quantity, int ShippedQuantity, Money LineTotal);

public sealed record ShipmentLine(Guid OrderLineId, int Quantity);

public sealed record Shipment(Guid Id, string Carrier, string TrackingNumber, DateTimeOffset ShippedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<ShipmentLine> Lines);

public sealed record Refund(Guid Id, Money Amount, string? Reason, string? Actor, DateTimeOffset CreatedAt);

public sealed record Order(
    Guid Id,
    string Number,
    Guid CustomerId,
    string Currency,
    string Status,
    string PaymentStatus,
    string FulfilmentStatus,
    IReadOnlyList<string> AllowedActions,
    IReadOnlyList<OrderLine> Lines,
    Money Subtotal,
    Money ShippingFee,
    Money Total,
    Money AmountPaid,
    Money AmountRefunded,
    string? PaymentReference,
    IReadOnlyList<Shipment> Shipments,
    IReadOnlyList<Refund> Refunds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset PaymentDueAt);

public sealed record OrderEvent(Guid Id, int Sequence, string Type, string Actor, DateTimeOffset OccurredAt, JsonElement Data);

public sealed record PayRequest(Money Amount, string ExternalReference);

public sealed record RefundRequest(Money Amount, string Reason);

public sealed record ShipRequest(string Carrier, string TrackingNumber, IReadOnlyList<ShipmentLine> Lines);

/// <summary>An RFC 9457 problem as Ordo sends it: a stable <c>code</c>, a human <c>detail</c> and the request's <c>traceId</c>.</summary>
public sealed record Problem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int Status { get; init; }

    public string? Detail { get; init; }

    public string? Code { get; init; }

    public string? TraceId { get; init; }

    /// <summary>The members some codes add (<c>limit</c>, <c>currentETag</c>, <c>permission</c>, ...).</summary>
    /// <remarks>Settable: the source generator binds init-only members like constructor parameters, which extension data can't be.</remarks>
    [JsonExtensionData]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2227", Justification = "Filled by the JSON deserializer.")]
    public Dictionary<string, JsonElement>? Extensions { get; set; }

    /// <summary>A failure that never reached Ordo or did not come back as problem+json.</summary>
    public const string UnreachableTitle = "Ordo could not be reached";

    public static Problem Unreachable(int status, string detail) => new() { Title = UnreachableTitle, Status = status, Detail = detail };
}

public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("id_token")] string? IdToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);
