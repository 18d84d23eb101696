using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Authorization;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>
/// The general limit on <c>/api</c>: after authentication, every request counts against its caller (user or
/// integration client), or against its address when it carries no valid token. Every successful answer says where the
/// caller stands (<c>RateLimit-Policy</c>, <c>RateLimit</c>); one over the limit is a 429 <c>rate_limited</c> with
/// <c>Retry-After</c> and the same headers.
/// </summary>
public sealed class ApiRateLimits(RequestDelegate next, IOptions<AttemptLimitOptions> options)
{
    public const string CallerPolicy = "api-caller";
    public const string AddressPolicy = "api-ip";

    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        // Routing matches paths whatever their case, so the limit must too: /API/v1/... reaches the same endpoints.
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        var limit = options.Value.Api;
        var (policy, key, permits) = CallerAccess.Of(http) is { } caller
            ? (CallerPolicy, $"{CallerPolicy}:{caller.Kind}:{caller.SubjectId}", limit.PermitLimit)
            : (AddressPolicy, $"{AddressPolicy}:{AttemptLimits.AddressKey(http.Connection.RemoteIpAddress)}", limit.IpPermitLimit);
        var hit = await AttemptLimits.Counters(http).HitAsync(key, permits, limit.Window, http.RequestAborted);
        if (!hit.Allowed)
        {
            await AttemptLimits.WriteRejectionAsync(http, policy, hit, limit.Window);
            return;
        }

        http.Response.OnStarting(() =>
        {
            // Said on answers the request earned; an error says what went wrong, not what is left.
            if (http.Response.StatusCode < StatusCodes.Status400BadRequest)
            {
                AttemptLimits.Describe(http.Response, policy, hit, limit.Window);
            }

            return Task.CompletedTask;
        });
        await next(http);
    }
}
