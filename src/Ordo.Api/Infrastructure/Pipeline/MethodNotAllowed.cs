using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>
/// Runs right after routing. Every 405 names the allowed methods in <c>Allow</c>, HEAD included wherever GET is.
/// TRACE (and IIS's TRACK) is refused with 405 on every path before authentication and before anything reads the
/// request: a reflected request is how cross-site tracing reads credentials from headers.
/// </summary>
internal sealed class MethodNotAllowed(RequestDelegate next, IOptionsMonitor<OpenIddictServerOptions> tokenServer)
{
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is { RequestDelegate: { } reject } and not RouteEndpoint)
        {
            // Routing's own answer for a path whose endpoints take other methods (405 and Allow) or content types (415).
            endpoint = new Endpoint(
                async http =>
                {
                    await reject(http);
                    IncludeHead(http.Response);
                },
                endpoint.Metadata,
                endpoint.DisplayName);
            context.SetEndpoint(endpoint);
        }

        var method = context.Request.Method;
        var trace = HttpMethods.IsTrace(method) || string.Equals(method, "TRACK", StringComparison.OrdinalIgnoreCase);
        return trace ? RefuseAsync(context, endpoint) : next(context);
    }

    private async Task RefuseAsync(HttpContext context, Endpoint? endpoint)
    {
        var response = context.Response;
        switch (endpoint)
        {
            case RouteEndpoint route:
                // An endpoint that takes any method, TRACE included (none since the probes declare GET): said to be read-only.
                response.Headers.Allow = Allow(route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ReadMethods);
                break;
            case { RequestDelegate: { } reject }:
                await reject(context); // no endpoint takes TRACE: routing's 405 with this path's methods
                break;
            case null when TokenServerMethods(context.Request.Path) is { } methods:
                response.Headers.Allow = Allow(methods);
                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }

        response.StatusCode = StatusCodes.Status405MethodNotAllowed;
    }

    /// <summary>The token server answers its documents and its revocation and introspection endpoints itself, not through routes.</summary>
    private string[]? TokenServerMethods(PathString path)
    {
        var options = tokenServer.CurrentValue;
        bool Serves(IEnumerable<Uri> uris) => uris.Any(uri => !uri.IsAbsoluteUri && path.Equals("/" + uri.OriginalString.TrimStart('/'), StringComparison.OrdinalIgnoreCase));
        return Serves(options.ConfigurationEndpointUris) || Serves(options.JsonWebKeySetEndpointUris) ? ReadMethods
            : Serves(options.IntrospectionEndpointUris) ? [.. ReadMethods, HttpMethods.Post]
            : Serves(options.RevocationEndpointUris) ? [HttpMethods.Post]
            : null;
    }

    private static void IncludeHead(HttpResponse response)
    {
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            response.Headers.Allow = Allow(response.Headers.Allow.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
    }

    private static string Allow(IEnumerable<string> methods)
    {
        var allowed = methods.Where(m => !HttpMethods.IsTrace(m)).ToList();
        if (allowed.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase) && !allowed.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase))
        {
            allowed.Add(HttpMethods.Head);
        }

        return string.Join(", ", allowed.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal));
    }
}
