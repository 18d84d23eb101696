using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Ordo.Api.Features;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Features.Products;

namespace Ordo.Api.Infrastructure.OpenApi;

/// <summary>
/// Examples of what the API returns, built from the real response records and serialized with the API's own JSON
/// settings, so an example can't drift from the shape it illustrates.
/// </summary>
internal static class ResponseExamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid ProductId = Guid.Parse("019ac4a1-7d2e-7c41-9a0b-5e6f7a8b9c0d");
    private static readonly Guid CustomerId = Guid.Parse("019ac4a1-5c3a-7b1e-9d2f-3a4b5c6d7e8f");
    private static readonly Guid OrderId = Guid.Parse("019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f90");
    private static readonly Guid LineId = Guid.Parse("019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f91");
    private static readonly MoneyDto Price = new(1999, "EUR");

    private static readonly Dictionary<Type, object> Samples = new()
    {
        [typeof(ProductResponse)] = new ProductResponse(ProductId, "MUG-BLUE", "Blue mug", "Stoneware, 300 ml", Price, "active", 25, 2, 23, new Dictionary<string, string> { ["erpItemNo"] = "100482" }, At, At),
        [typeof(StockMovementResponse)] = new StockMovementResponse(Guid.Parse("019ac4a3-1111-7d2e-8f3a-4b5c6d7e8f90"), ProductId, "receipt", 40, "Delivery note 1182", null, At),
        [typeof(CustomerResponse)] = new CustomerResponse(
            CustomerId, "Ada Lovelace", "ada@example.com", "+44 20 7946 0000", [new AddressResponse("12 St James's Square", null, "London", "SW1Y 4LB", null, "GB")], false,
            new Dictionary<string, string> { ["crmContactId"] = "C-2291" }, At, At),
        [typeof(OrderResponse)] = new OrderResponse(
            OrderId,
            "ORD-000123",
            CustomerId,
            "EUR",
            "pending",
            "unpaid",
            "unfulfilled",
            ["pay", "cancel"],
            [new OrderLineResponse(LineId, ProductId, "MUG-BLUE", "Blue mug", Price, 2, 0, new MoneyDto(3998, "EUR"))],
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
            At,
            At,
            At.AddMinutes(30)),
        [typeof(OrderSummaryResponse)] = new OrderSummaryResponse(OrderId, "ORD-000123", CustomerId, "open", "paid", "unfulfilled", ["cancel", "refund", "ship"], new MoneyDto(4493, "EUR"), At, At.AddMinutes(5)),
        [typeof(OrderEventResponse)] = new OrderEventResponse(
            Guid.Parse("019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f99"), 2, "order.paid", "user:42", At, new OrderEventData { Amount = new MoneyDto(4493, "EUR"), ExternalReference = "pi_3PqK2aLkdIwHu7ix0" }),
        [typeof(ProblemDetails)] = new ProblemDetails
        {
            Type = "https://ordo.dev/problems/action_not_allowed",
            Title = "Conflict",
            Status = 409,
            Detail = "Cannot ship an order whose status is pending, payment unpaid and fulfilment unfulfilled. Allowed actions: pay, cancel.",
            Extensions =
            {
                ["code"] = "action_not_allowed",
                ["action"] = "ship",
                ["orderStatus"] = "pending",
                ["paymentStatus"] = "unpaid",
                ["fulfilmentStatus"] = "unfulfilled",
                ["allowedActions"] = new[] { "pay", "cancel" },
                ["traceId"] = "4bf92f3577b34da6a3ce929d0e0e4736",
            },
        },
    };

    public static JsonNode? For(Type type, JsonSerializerOptions options) =>
        Samples.TryGetValue(type, out var sample) ? JsonSerializer.SerializeToNode(sample, type, options) : null;
}
