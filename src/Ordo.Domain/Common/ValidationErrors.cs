namespace Ordo.Domain.Common;

/// <summary>Errors for malformed input: <see cref="CommonErrors.Invalid"/>, "invalid_" plus the snake_case field name.</summary>
public static class ValidationErrors
{
    public static DomainError Invalid(string field, string message) =>
        CommonErrors.Invalid.Member(field).Error(message) with
        {
            Details = new Dictionary<string, object?> { ["field"] = field },
        };
}
