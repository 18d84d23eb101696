using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Http;

namespace Ordo.Api.Features.Orders;

/// <summary>Source-generated serialization of this area's request and response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(ShipmentResponse))]
[JsonSerializable(typeof(RefundResponse))]
[JsonSerializable(typeof(Page<OrderSummaryResponse>))]
[JsonSerializable(typeof(Page<OrderEventResponse>))]
[JsonSerializable(typeof(PlaceOrderRequest))]
[JsonSerializable(typeof(PayOrderRequest))]
[JsonSerializable(typeof(RefundOrderRequest))]
[JsonSerializable(typeof(ShipOrderRequest))]
[JsonSerializable(typeof(DailySalesSummary))]
internal sealed partial class OrdersJsonContext : JsonSerializerContext;
