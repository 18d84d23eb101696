using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Http;

namespace Ordo.Api.Features.Audit;

/// <summary>Source-generated serialization of this area's response types, chained into the API's JSON options when the area is added.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Page<AuditEntryResponse>))]
[JsonSerializable(typeof(AuditVerificationResponse))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
