using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Http;

namespace Ordo.Api.Features.Products;

/// <summary>Source-generated serialization of this area's request and response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ProductResponse))]
[JsonSerializable(typeof(Page<ProductResponse>))]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(StockAdjustmentRequest))]
[JsonSerializable(typeof(StockMovementResponse))]
[JsonSerializable(typeof(Page<StockMovementResponse>))]
internal sealed partial class ProductsJsonContext : JsonSerializerContext;
