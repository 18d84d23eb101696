using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Pipeline;
using Ordo.Domain.Common;

namespace Ordo.Api.Http;

/// <summary>
/// The one place that shapes RFC 9457 problem+json: a stable <c>type</c> URI per <c>code</c>, a human
/// <c>detail</c>, and the W3C <c>traceId</c> that also appears in the request's log line.
/// </summary>
public static partial class Problems
{
    public const string TypeBase = "https://ordo.dev/problems/";

    public static string TypeFor(string code) => TypeBase + code;

    public const string MediaType = "application/problem+json";

    public static IServiceCollection AddOrdoProblemDetails(this IServiceCollection services)
    {
        // Registered before the framework's writer, which declines whenever Accept doesn't name JSON: every writer of a
        // problem (exception handler, status-code pages, rate limiter, handlers' results) then always gets this one.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        return services.AddProblemDetails(options => options.CustomizeProblemDetails = Complete);
    }

    /// <summary>Writes a catalogued problem from middleware (outside endpoint results): its status from its kind.</summary>
    public static ValueTask WriteAsync(HttpContext http, ErrorCode code, string detail, IDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(http);
        var status = DomainProblems.StatusOf(code.Kind);
        var problem = new ProblemDetails { Status = status, Type = TypeFor(code.Code), Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        problem.Extensions["code"] = code.Code;
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    public static string CurrentTraceId(HttpContext context) =>
        Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;

    private static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;

        if (!problem.Extensions.TryGetValue("code", out var code) || code is not string)
        {
            code = HttpErrors.CodeFor(status);
            problem.Extensions["code"] = code;
        }

        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = TypeFor((string)code!);
        }

        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Detail ??= DefaultDetail(status, http);
        problem.Extensions["traceId"] = CurrentTraceId(http);
    }

    private static string DefaultDetail(int status, HttpContext http) => status switch
    {
        StatusCodes.Status401Unauthorized => UnauthorizedDetail(http),
        StatusCodes.Status404NotFound => "No resource matches this path.",
        StatusCodes.Status405MethodNotAllowed =>
            $"The method {HeadRequests.MethodOf(http)} is not allowed here; allowed: {AllowedMethods(http)}.",
        StatusCodes.Status415UnsupportedMediaType =>
            $"Content type '{http.Request.ContentType}' is not supported here; send {AcceptedContentTypes(http)}.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this service accepts.",
        >= 500 => "An unexpected error occurred. Quote the traceId when reporting it.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    /// <summary>
    /// Why the token was refused. The bearer handler has already said it in <c>WWW-Authenticate</c> (RFC 6750); the body
    /// repeats it for clients that only read bodies.
    /// </summary>
    private static string UnauthorizedDetail(HttpContext http)
    {
        if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "This operation needs an access token: send 'Authorization: Bearer <token>', with a token from /connect/token.";
        }

        var reason = ErrorDescription().Match(http.Response.Headers.WWWAuthenticate.ToString());
        return reason.Success
            ? $"The access token was refused: {reason.Groups[1].Value.TrimEnd('.')}. Get a new one from /connect/token."
            : "The access token was refused: it is malformed, was not issued here, was revoked, or its holder may no longer act. Get a new one from /connect/token.";
    }

    [System.Text.RegularExpressions.GeneratedRegex("error_description=\"([^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex ErrorDescription();

    /// <summary>
    /// What the endpoint reads. Routing answers this 415 before any endpoint runs (so there is no endpoint metadata to
    /// ask), and every PATCH here takes a JSON Merge Patch.
    /// </summary>
    private static string AcceptedContentTypes(HttpContext http) =>
        HttpMethods.IsPatch(http.Request.Method) ? MergePatch.ContentType : "application/json";

    private static string AllowedMethods(HttpContext http)
    {
        var allow = http.Response.Headers.Allow.ToString();
        return allow.Length > 0 ? allow : "see the API documentation";
    }
}

/// <summary>
/// Writes every problem as problem+json, whatever the request's <c>Accept</c> header says: an error answer must never
/// turn into an empty body or a 500 because the client asked for XML or HTML. Content negotiation is for successes.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        var typeInfo = json.Value.SerializerOptions.GetTypeInfo(problem.GetType());
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, typeInfo, Problems.MediaType));
    }
}
