using System.Text.RegularExpressions;
using Ordo.Domain.Common;

namespace Ordo.Domain.Customers;

/// <summary>
/// An email address, lower-cased so lookups and uniqueness don't depend on how the customer typed it. Validation is
/// deliberately basic: the only real proof of an address is a delivered message.
/// </summary>
public sealed partial record Email
{
    public const int MaxLength = 254;

    private Email(string value) => Value = value;

    public string Value { get; }

    public static Result<Email> Create(string? value)
    {
        var normalized = value?.Trim().ToLowerInvariant();
        return normalized is { Length: <= MaxLength } && EmailPattern().IsMatch(normalized)
            ? new Email(normalized)
            : ValidationErrors.Invalid("email", "The email address is not valid.");
    }

    public override string ToString() => Value;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
