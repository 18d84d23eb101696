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
