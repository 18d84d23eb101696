using System.Text.Json;
using System.Text.Json.Serialization;
using Ordo.Api.Infrastructure.Health;

namespace Ordo.Api.Infrastructure.Http;

/// <summary>Source-generated serialization for every type on the wire (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class OrdoJsonContext : JsonSerializerContext;

public static class JsonSetup
{
    public static IServiceCollection AddOrdoJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            json.TypeInfoResolverChain.Insert(0, OrdoJsonContext.Default);
            // Strict input: unknown fields, missing required values and nulls in non-nullable places are errors.
            json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.RespectNullableAnnotations = true;
            json.RespectRequiredConstructorParameters = true;
            json.AllowTrailingCommas = false;
            json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
}
