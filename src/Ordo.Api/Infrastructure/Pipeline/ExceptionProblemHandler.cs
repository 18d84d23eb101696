using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Ordo.Api.Http;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>
/// Turns exceptions into problem+json: a client's unreadable request keeps its 4xx status and is told where it
/// broke; an unreachable database is a 503 with Retry-After; anything else is a bug and becomes a 500 that reveals
/// nothing about the server.
/// </summary>
internal sealed partial class ExceptionProblemHandler(
    IProblemDetailsService problemDetails,
    ILogger<ExceptionProblemHandler> logger) : IExceptionHandler
{
    public const int ClientClosedRequest = 499;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody reads the answer, and it is no server error.
            httpContext.Response.StatusCode = ClientClosedRequest;
            return true;
        }

        ProblemDetails problem;
        if (IsDatabaseUnavailable(exception))
        {
            // An outage, not a bug: the client may retry, and the log says so without a stack trace per request.
            LogDatabaseUnavailable(logger, exception.GetBaseException().Message, httpContext.Request.Method, Problems.CurrentTraceId(httpContext));
            // A change's Idempotency-Key claim died with its transaction, so changes may be retried as soon as reads.
            httpContext.Response.Headers.RetryAfter = "5";
            problem = DatabaseUnavailable();
        }
        else
        {
            problem = exception switch
            {
                BadHttpRequestException { InnerException: JsonException json } => MalformedJson(json),
                BadHttpRequestException badRequest => new ProblemDetails { Status = badRequest.StatusCode },
                _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError },
            };
            if (problem.Status >= StatusCodes.Status500InternalServerError)
            {
                LogUnhandled(logger, exception, httpContext.Request.Method, Problems.CurrentTraceId(httpContext));
            }
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
        });
    }

    /// <summary>
    /// The database is out of reach: the connection was refused or dropped, no pooled connection came free in time, or
    /// the server is shutting down, starting or full (SQLSTATE class 08, 57P01–57P03, 53300). Deadlocks, serialization
    /// failures and lock errors are answers of a reachable database and stay errors. EF Core may wrap the exception,
    /// so the whole chain is searched.
    /// </summary>
    internal static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException:
                    return true; // not a server answer: the socket, or the pool's wait for a connection
            }
        }

        return false;
    }

    private static ProblemDetails DatabaseUnavailable() => new()
    {
        Status = DomainProblems.StatusOf(HttpErrors.DatabaseUnavailable.Kind),
        Detail = "The service cannot reach its database right now; try again shortly.",
        Extensions = { ["code"] = HttpErrors.DatabaseUnavailable.Code },
    };

    private static ProblemDetails MalformedJson(JsonException json)
    {
        var path = json.Path ?? "$";
        var line = (json.LineNumber ?? 0) + 1;
        var position = (json.BytePositionInLine ?? 0) + 1;
        return new ProblemDetails
        {
            Status = DomainProblems.StatusOf(HttpErrors.MalformedJson.Kind),
            Title = "Malformed JSON",
            Detail = $"The request body is not valid JSON for this operation: the problem is at '{path}' (line {line}, byte {position}).",
            Extensions =
            {
                ["code"] = HttpErrors.MalformedJson.Code,
                ["errors"] = Errors(json, path),
            },
        };
    }

    private const string MoneyShape =
        "Money is an object: { \"amount\": <a whole number of minor units, e.g. 4500 for 45.00>, \"currency\": \"EUR\" }.";

    // System.Text.Json messages name .NET types; describe the fault in the client's terms instead.
    private static Dictionary<string, string[]> Errors(JsonException json, string path)
    {
        var errors = FieldErrors(json, path);
        // Money is the one shape clients get wrong most (a decimal, a bare number, a missing amount); the only 64-bit
        // integers requests carry are its amounts.
        var aboutMoney = json.Message.Contains(typeof(Ordo.Api.Http.MoneyDto).FullName!, StringComparison.Ordinal)
            || json.Message.Contains("System.Int64", StringComparison.Ordinal);
        return aboutMoney ? errors.ToDictionary(error => error.Key, error => (string[])[.. error.Value, MoneyShape]) : errors;
    }

    private static Dictionary<string, string[]> FieldErrors(JsonException json, string path)
    {
        var message = json.Message;
        var quoted = QuotedNames().Matches(message).Select(match => match.Groups[1].Value).ToList();
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && quoted.Count > 0)
        {
            var field = path.EndsWith("." + quoted[0], StringComparison.Ordinal) ? path : Child(path, quoted[0]);
            return new() { [field] = ["Unknown or read-only field: it is not part of this request."] };
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = message[message.IndexOf("including:", StringComparison.Ordinal)..];
            return QuotedNames().Matches(names).ToDictionary(match => Child(path, match.Groups[1].Value), _ => RequiredField);
        }

        var fault = message.Contains("could not be converted", StringComparison.Ordinal)
            ? "The value has the wrong JSON type or format for this field."
            : message.Contains("null", StringComparison.OrdinalIgnoreCase) ? "The value must not be null." : "The JSON is malformed here.";
        return new() { [path] = [fault] };
    }

    private static readonly string[] RequiredField = ["This field is required."];

    private static string Child(string path, string name) => path.TrimEnd('.') + "." + name;

    [GeneratedRegex("'([A-Za-z0-9_]+)'")]
    private static partial Regex QuotedNames();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while serving {Method} (traceId {TraceId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable while serving {Method} (traceId {TraceId}): {Reason}")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string reason, string method, string traceId);
}
