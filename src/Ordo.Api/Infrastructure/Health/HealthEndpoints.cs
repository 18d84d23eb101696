using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ordo.Api.Infrastructure.Health;

public static class HealthTags
{
    public const string Ready = "ready";
}

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckEntry> Checks);

public sealed record HealthCheckEntry(string Status, string? Description, double DurationMs);

public static class HealthEndpoints
{
    // Probes read (HEAD runs as GET); other methods get 405 like every other path.
    private static readonly HttpMethodMetadata GetOnly = new([HttpMethods.Get]);

    /// <summary>Liveness runs no checks (a live process answers); readiness checks every configured dependency.</summary>
    public static IEndpointRouteBuilder MapOrdoHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteJsonAsync,
        }).WithMetadata(GetOnly).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = WriteJsonAsync,
        }).WithMetadata(GetOnly).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        var response = new HealthResponse(
            report.Status.ToString(),
            report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new HealthCheckEntry(
                    entry.Value.Status.ToString(),
                    entry.Value.Description,
                    Math.Round(entry.Value.Duration.TotalMilliseconds, 1))));
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(response, HealthJsonContext.Default.HealthResponse, cancellationToken: context.RequestAborted);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
