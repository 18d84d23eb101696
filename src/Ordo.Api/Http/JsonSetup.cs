using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Ordo.Api.Http;

public static class JsonSetup
{
    public static IServiceCollection AddOrdoJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            // Strict input: unknown fields, missing required values and nulls in non-nullable places are errors.
            json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.RespectNullableAnnotations = true;
            json.RespectRequiredConstructorParameters = true;
            json.AllowTrailingCommas = false;
            json.NumberHandling = JsonNumberHandling.Strict; // "5" is not a number

            json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });

    /// <summary>
    /// Puts a feature's source-generated serializer context ahead of reflection in the API's JSON options. Every type
    /// an endpoint reads or writes must come from one of these (<c>JsonMetadataTests</c> checks it).
    /// </summary>
    public static IServiceCollection AddJsonTypes(this IServiceCollection services, IJsonTypeInfoResolver types) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, types));
}

/// <summary>The cursor's payload, serialized on its own (not through the API's options).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CursorPayload))]
internal sealed partial class CursorJsonContext : JsonSerializerContext;
