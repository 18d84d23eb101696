using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>Conventions every endpoint must follow that nothing else would catch when one is forgotten.</summary>
public sealed class EndpointConventionTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    private static readonly string[] ReadMethods = ["GET", "HEAD", "OPTIONS"];

    private IEnumerable<RouteEndpoint> ApiEndpoints =>
        Fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true);

    /// <summary>
    /// A state-changing endpoint without <c>ChangesState</c> runs outside the request's transaction: a reservation of
    /// several lines would commit partially, and an <c>Idempotency-Key</c> would be ignored. The account endpoints,
    /// whose handlers the hosted pages call too, say instead that their handler owns its transaction.
    /// </summary>
    [Fact]
    public void Every_state_changing_api_endpoint_runs_in_the_state_change_transaction()
    {
        var changing = ApiEndpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(method => !ReadMethods.Contains(method)) == true)
            .ToList();

        var missing = changing.Where(endpoint => endpoint.Metadata.GetMetadata<TransactionMetadata>() is null).Select(Describe).ToList();

        Assert.NotEmpty(changing);
        Assert.True(missing.Count == 0, "Neither .ChangesState() nor .OwnsItsTransaction(): " + string.Join(", ", missing));
    }

    /// <summary>
    /// Every type an endpoint reads or writes as JSON comes from a feature's source-generated context: without one it
    /// would fall back to reflection (slower, and unavailable when trimmed), silently.
    /// </summary>
    [Fact]
    public void Every_json_type_of_an_endpoint_has_source_generated_metadata()
    {
        var options = Fixture.Factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var generated = JsonTypeInfoResolver.Combine([.. options.TypeInfoResolverChain.Where(resolver => resolver is not DefaultJsonTypeInfoResolver)]);
        var types = ApiEndpoints.SelectMany(JsonTypesOf).Distinct().ToList();

        var missing = types.Where(type => generated.GetTypeInfo(type, options) is null).Select(type => type.FullName).ToList();

        Assert.Contains(typeof(Ordo.Api.Features.Orders.OrderResponse), types);
        Assert.True(missing.Count == 0, "Serialized without source-generated metadata: " + string.Join(", ", missing));
    }

    private static IEnumerable<Type> JsonTypesOf(Endpoint endpoint)
    {
        foreach (var produced in endpoint.Metadata.OfType<IProducesResponseTypeMetadata>())
        {
            if (produced.Type is { } type && type != typeof(void) && produced.ContentTypes.Any(IsJson) && !IsProblem(type))
            {
                yield return type;
            }
        }

        foreach (var accepted in endpoint.Metadata.OfType<IAcceptsMetadata>())
        {
            if (accepted.RequestType is { } type && accepted.ContentTypes.Any(content => content == "application/json"))
            {
                yield return type;
            }
        }
    }

    private static bool IsJson(string contentType) => contentType == "application/json";

    // The framework serializes problem details with its own context.
    private static bool IsProblem(Type type) => type.IsAssignableTo(typeof(ProblemDetails));

    private static string Describe(RouteEndpoint endpoint) =>
        $"{string.Join('/', endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)} {endpoint.RoutePattern.RawText}";
}
