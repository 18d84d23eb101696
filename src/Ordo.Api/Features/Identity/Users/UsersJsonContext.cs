using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Http;

namespace Ordo.Api.Features.Identity.Users;

/// <summary>Source-generated serialization of this area's request and response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(Page<UserResponse>))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(SetUserRolesRequest))]
[JsonSerializable(typeof(Page<SessionResponse>))]
internal sealed partial class UsersJsonContext : JsonSerializerContext;
