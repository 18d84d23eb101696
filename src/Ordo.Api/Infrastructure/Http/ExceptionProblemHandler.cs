using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Ordo.Api.Infrastructure.Http;

/// <summary>
/// Turns exceptions into problem+json: a client's unreadable request keeps its 4xx status and is told where it
/// broke; anything else is a bug or an outage and becomes a 500 that reveals nothing about the server.
/// </summary>
internal sealed partial class ExceptionProblemHandler(
    IProblemDetailsService problemDetails,
    ILogger<ExceptionProblemHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => MalformedJson(json),
            BadHttpRequestException badRequest => new ProblemDetails { Status = badRequest.StatusCode },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError },
        };
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, Problems.CurrentTraceId(httpContext));
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
        });
    }

    private static ProblemDetails MalformedJson(JsonException json)
    {
        var path = json.Path ?? "$";
        var line = (json.LineNumber ?? 0) + 1;
        var position = (json.BytePositionInLine ?? 0) + 1;
        return new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed JSON",
            Detail = $"The request body is not valid JSON for this operation: the problem is at '{path}' (line {line}, byte {position}).",
            Extensions =
            {
                ["code"] = "malformed_json",
                ["errors"] = new Dictionary<string, string[]> { [path] = [Describe(json)] },
            },
        };
    }

    // System.Text.Json messages name .NET types; describe the fault in the client's terms instead.
    private static string Describe(JsonException json)
    {
        var message = json.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return "Unknown field: this property is not part of the request.";
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return "Required properties are missing.";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "The value has the wrong JSON type or format for this field.";
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase))
        {
            return "The value must not be null.";
        }

        return "The JSON is malformed here.";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while serving {Method} (traceId {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string traceId);
}
