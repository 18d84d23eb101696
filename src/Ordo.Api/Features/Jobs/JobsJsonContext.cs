using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Http;

namespace Ordo.Api.Features.Jobs;

/// <summary>Source-generated serialization of this area's response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(List<JobResponse>))]
[JsonSerializable(typeof(Page<JobRunResponse>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(int))]
internal sealed partial class JobsJsonContext : JsonSerializerContext;
