namespace Ordo.Domain.Common;

/// <summary>How the API reports an expected failure; the mapping to HTTP lives in one place in the host.</summary>
public enum ErrorKind
{
    /// <summary>The request itself is malformed or out of range (400).</summary>
    Validation,

    /// <summary>Something the request refers to does not exist (404).</summary>
    NotFound,

    /// <summary>The action is not allowed in the current state, e.g. not enough stock (409).</summary>
    Conflict,

    /// <summary>The request is well formed but breaks a business rule, e.g. refunding more than was paid (422).</summary>
    BusinessRule,

    /// <summary>The caller's authority does not reach this far, e.g. a refund above their limit (403).</summary>
    Forbidden,

    /// <summary>The caller is not authenticated, or their credentials were refused (401).</summary>
    Unauthenticated,

    /// <summary>The resource changed since the caller read it (<c>If-Match</c> no longer matches) (412).</summary>
    PreconditionFailed,

    /// <summary>The operation needs a precondition the request did not send, e.g. <c>If-Match</c> (428).</summary>
    PreconditionRequired,

    /// <summary>The resource is locked for now, e.g. an account after too many failed attempts (423).</summary>
    Locked,

    /// <summary>Too many requests from this caller or address; try again later (429).</summary>
    TooManyRequests,

    /// <summary>The method is not allowed on this resource (405).</summary>
    MethodNotAllowed,

    /// <summary>No representation the caller accepts can be produced (406).</summary>
    NotAcceptable,

    /// <summary>The request body is larger than the service accepts (413).</summary>
    PayloadTooLarge,

    /// <summary>The request body's content type is not one the operation reads (415).</summary>
    UnsupportedMediaType,

    /// <summary>A dependency (the database) is out of reach for now (503).</summary>
    Unavailable,

    /// <summary>An unexpected failure: a bug or an outage (500).</summary>
    Internal,
}

/// <summary>
/// One entry of an error catalogue: a stable code, the kind that decides its status, and what it means (shown in the
/// API document and <c>docs/api.md</c>). Each area declares its codes in one static class (<c>OrderErrors</c>,
/// <c>ProductErrors</c>, ...) as <c>static readonly</c> fields; a code ending in <c>*</c> names a family
/// (<c>invalid_*</c>: one code per request field).
/// </summary>
public sealed record ErrorCode(string Code, ErrorKind Kind, string Meaning)
{
    /// <summary>This error, with a message for this occurrence.</summary>
    public DomainError Error(string message) => new(Code, message, Kind);
}

/// <summary>
/// An expected failure. <see cref="Code"/> is stable and part of the API contract; <see cref="Details"/> carries
/// machine-readable context (JSON-friendly values only) for problem+json extensions.
/// </summary>
public sealed record DomainError(string Code, string Message, ErrorKind Kind)
{
    private static readonly IReadOnlyDictionary<string, object?> NoDetails = new Dictionary<string, object?>();

    public IReadOnlyDictionary<string, object?> Details { get; init; } = NoDetails;
}
