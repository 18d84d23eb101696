using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ordo.Api.Features.Reports;

/// <summary>Source-generated serialization of this area's response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(SummaryResponse))]
internal sealed partial class ReportsJsonContext : JsonSerializerContext;
