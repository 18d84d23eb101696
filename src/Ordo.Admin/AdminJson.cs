using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Admin.Api;
using Ordo.Admin.Auth;

namespace Ordo.Admin;

/// <summary>Source-generated JSON metadata: no reflection left for the trimmer to break.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PendingSignIn))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(Account))]
[JsonSerializable(typeof(Page<OrderSummary>))]
[JsonSerializable(typeof(Page<OrderEvent>))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(PayRequest))]
[JsonSerializable(typeof(RefundRequest))]
[JsonSerializable(typeof(ShipRequest))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(Page<Product>))]
[JsonSerializable(typeof(Product))]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(StockAdjustmentRequest))]
[JsonSerializable(typeof(StockMovement))]
[JsonSerializable(typeof(Page<StockMovement>))]
[JsonSerializable(typeof(Page<Customer>))]
[JsonSerializable(typeof(Customer))]
[JsonSerializable(typeof(CreateCustomerRequest))]
[JsonSerializable(typeof(PlaceOrderRequest))]
[JsonSerializable(typeof(Summary))]
internal sealed partial class AdminJson : JsonSerializerContext;
