using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Domain.Common;

namespace Ordo.Api.Http;

/// <summary>The one mapping from expected failures (domain errors, invalid requests) to problem+json.</summary>
public static class DomainProblems
{
    public static ProblemHttpResult ToProblem(this DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = StatusOf(error.Kind);
        // Details never shadow the RFC 9457 members.
        var extensions = error.Details
            .Where(detail => detail.Key is not ("type" or "title" or "status" or "detail" or "instance"))
            .ToDictionary(detail => detail.Key, detail => detail.Value);
        extensions["code"] = error.Code;
        if (error.Kind == ErrorKind.Validation && error.Details.TryGetValue("field", out var field) && field is string name)
        {
            extensions["errors"] = new Dictionary<string, string[]> { [JsonPath(name)] = [error.Message] };
        }

        return TypedResults.Problem(
            detail: error.Message,
            statusCode: status,
            type: Problems.TypeFor(error.Code),
            extensions: extensions);
    }

    /// <summary>The one mapping from an error's kind to its HTTP status.</summary>
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorKind.NotAcceptable => StatusCodes.Status406NotAcceptable,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.BusinessRule => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.Locked => StatusCodes.Status423Locked,
        ErrorKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A catalogued error as a problem: its status from its kind.</summary>
    public static ProblemHttpResult Problem(ErrorCode code, string detail, IDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Answer(StatusOf(code.Kind), code.Code, detail, extensions);
    }

    public static ProblemHttpResult NotFound(string what) => HttpErrors.NotFoundWithId(what).ToProblem();

    private static ProblemHttpResult Answer(int status, string code, string detail, IDictionary<string, object?>? extensions)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(detail: detail, statusCode: status, type: Problems.TypeFor(code), extensions: all);
    }

    /// <summary>400 with an <c>errors</c> map keyed by the JSON path of each offending field.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) => Problem(
        HttpErrors.ValidationFailed,
        "The request has invalid fields: " + string.Join(", ", errors.Keys) + ".",
        new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary><c>unit_price</c> → <c>$.unitPrice</c>, the field as it appears in request bodies.</summary>
    public static string JsonPath(string snakeField) =>
        "$." + JsonNamingPolicy.CamelCase.ConvertName(string.Concat(
            snakeField.Split('_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..])));
}

/// <summary>Collects request-shape errors keyed by JSON path before any work is done.</summary>
public sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public RequestErrors Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public RequestErrors Check(bool valid, string path, string message) => valid ? this : Add(path, message);

    public ProblemHttpResult ToProblem() =>
        DomainProblems.Invalid(_errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()));

    /// <summary>The same answer as a use case's error (<c>validation_failed</c> with the <c>errors</c> map).</summary>
    public DomainError ToError()
    {
        var errors = _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
        return HttpErrors.ValidationFailed.Error("The request has invalid fields: " + string.Join(", ", errors.Keys) + ".") with
        {
            Details = new Dictionary<string, object?> { ["errors"] = errors },
        };
    }
}
