namespace Ordo.Domain.Common;

/// <summary>Errors for malformed input. The code is "invalid_" plus the snake_case field name.</summary>
public static class ValidationErrors
{
    public static DomainError Invalid(string field, string message) =>
        new($"invalid_{field}", message, ErrorKind.Validation)
        {
            Details = new Dictionary<string, object?> { ["field"] = field },
        };
}
