using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Http;

namespace Ordo.Api.Features.Identity.Roles;

/// <summary>Source-generated serialization of this area's request and response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RoleResponse))]
[JsonSerializable(typeof(Page<RoleResponse>))]
[JsonSerializable(typeof(RoleRequest))]
[JsonSerializable(typeof(List<PermissionResponse>))]
internal sealed partial class RolesJsonContext : JsonSerializerContext;
