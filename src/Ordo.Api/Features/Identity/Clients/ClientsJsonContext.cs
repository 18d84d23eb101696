using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Http;

namespace Ordo.Api.Features.Identity.Clients;

/// <summary>Source-generated serialization of this area's request and response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ClientResponse))]
[JsonSerializable(typeof(Page<ClientResponse>))]
[JsonSerializable(typeof(CreateClientRequest))]
[JsonSerializable(typeof(ClientCredentialsResponse))]
[JsonSerializable(typeof(CreatedClientResponse))]
internal sealed partial class ClientsJsonContext : JsonSerializerContext;
