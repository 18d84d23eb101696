namespace Ordo.Api.Infrastructure.Http;

/// <summary>
/// TRACE (and IIS's TRACK) answer 405 on every path. Endpoints that match any method, such as the health checks,
/// would otherwise answer them, and a reflected request is how cross-site tracing reads credentials from headers.
/// </summary>
internal sealed class RefuseTrace(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsTrace(context.Request.Method) || string.Equals(context.Request.Method, "TRACK", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
