using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Http;

namespace Ordo.Api.Features.Customers;

/// <summary>Source-generated serialization of this area's request and response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CustomerResponse))]
[JsonSerializable(typeof(Page<CustomerResponse>))]
[JsonSerializable(typeof(CreateCustomerRequest))]
[JsonSerializable(typeof(List<AddressRequest>))]
internal sealed partial class CustomersJsonContext : JsonSerializerContext;
