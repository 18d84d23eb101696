using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Identity;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>Section <c>Cors</c>: origins allowed besides those registered clients bring (the admin panel's, say).</summary>
public sealed class CrossOriginOptions
{
    public const string Section = "Cors";

    /// <summary>Origins (<c>https://shop.example</c>, <c>http://localhost:5173</c>); HTTP only for loopback hosts.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    internal HashSet<string> Normalized() =>
        AllowedOrigins.Select(WebAddresses.Origin).OfType<string>().ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// CORS for browser applications (ADR 16): a cross-origin request is allowed when its origin is one a registered client
/// declared (<see cref="ClientOrigins"/>) or one of <see cref="CrossOriginOptions.AllowedOrigins"/>. Any other origin,
/// a preflight included, gets an answer without CORS headers, which the browser treats as a refusal. Bearer tokens,
/// not cookies, authenticate API calls, so credentials are never allowed.
/// </summary>
public static class CrossOrigin
{
    public static readonly string[] AllowedMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

    public static readonly string[] AllowedHeaders = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key"];

    public static readonly string[] ExposedHeaders = ["ETag", "Location", "Idempotent-Replayed", "Retry-After", "Link", "RateLimit", "RateLimit-Policy"];

    public static IServiceCollection AddOrdoCrossOrigin(this IServiceCollection services)
    {
        services.AddOptions<CrossOriginOptions>().BindConfiguration(CrossOriginOptions.Section)
            .Validate(
                options => options.AllowedOrigins.All(origin => WebAddresses.Origin(origin) is not null),
                "Cors:AllowedOrigins: each entry must be an origin (scheme://host[:port], no path), https or http to a loopback host.")
            .ValidateOnStart();
        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, CrossOriginPolicyProvider>());
        return services;
    }

    /// <summary>After routing and before anything that counts, authenticates or refuses: preflights are answered here.</summary>
    public static IApplicationBuilder UseOrdoCrossOrigin(this IApplicationBuilder app) => app.UseCors();
}

internal sealed class CrossOriginPolicyProvider(IOptions<CrossOriginOptions> options, ClientOrigins registered) : ICorsPolicyProvider
{
    /// <summary>
    /// Used only for an origin already found allowed. It says "any origin is allowed" through a predicate rather than
    /// <c>AllowAnyOrigin</c>, so the response names the one origin and carries <c>Vary: Origin</c>.
    /// </summary>
    private static readonly CorsPolicy Allowed = new CorsPolicyBuilder()
        .SetIsOriginAllowed(_ => true)
        .WithMethods(CrossOrigin.AllowedMethods)
        .WithHeaders(CrossOrigin.AllowedHeaders)
        .WithExposedHeaders(CrossOrigin.ExposedHeaders)
        .DisallowCredentials()
        .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
        .Build();

    /// <summary>Allows nothing. Returned rather than null, so a refused preflight is still answered here (204, no CORS headers).</summary>
    private static readonly CorsPolicy Refused = new();

    private readonly HashSet<string> _configured = options.Value.Normalized();

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Request.Headers.Origin.ToString().ToLowerInvariant();
        var allowed = origin.Length > 0 && WebAddresses.Origin(origin) == origin
            && (_configured.Contains(origin) || await registered.IsRegisteredAsync(origin, context.RequestAborted));
        return allowed ? Allowed : Refused;
    }
}
