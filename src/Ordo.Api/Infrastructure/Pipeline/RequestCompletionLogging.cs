using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Ordo.Api.Http;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>
/// One structured line per request. It logs the route template, never the raw path, so ids and query values
/// (which may identify people) stay out of the logs.
/// </summary>
internal sealed partial class RequestCompletionLogging(RequestDelegate next, ILogger<RequestCompletionLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                // After an exception the handler clears the endpoint; the original one is kept on its feature.
                var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
                var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
                var durationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
                var traceId = Problems.CurrentTraceId(context);
                LogCompleted(logger, context.Request.Method, route, context.Response.StatusCode, durationMs, traceId);
            }
        }
    }

    [LoggerMessage(
        EventId = 1,
        EventName = "RequestCompleted",
        Level = LogLevel.Information,
        Message = "{Method} {Route} responded {StatusCode} in {DurationMs} ms (trace {TraceId})")]
    private static partial void LogCompleted(
        ILogger logger, string method, string route, int statusCode, double durationMs, string traceId);
}
