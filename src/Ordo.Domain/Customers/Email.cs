using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ordo.Domain.Common;

namespace Ordo.Domain.Customers;

/// <summary>
/// An email address, normalised so that lookups and uniqueness don't depend on how it was typed: trimmed, lower-cased
/// and in Unicode composed form (NFC), so "é" typed as one character or as "e" plus an accent is the same address.
/// Characters that can't be seen or that steer how text is shown (controls, zero-width characters, direction
/// overrides, separators other than the trimmed ones, private-use and unassigned code points, broken surrogates) are
/// refused: they make two addresses look identical to a person but not to the system. Otherwise validation is
/// deliberately basic: the only real proof of an address is a delivered message.
/// </summary>
public sealed partial record Email
{
    public const int MaxLength = 254;

    private Email(string value) => Value = value;

    public string Value { get; }

    public static Result<Email> Create(string? value)
    {
        var trimmed = value?.Trim();
        if (trimmed is null || HasInvisibleOrControlCharacters(trimmed))
        {
            return ValidationErrors.Invalid("email", "The email address is not valid: it contains control or invisible characters.");
        }

        var normalized = trimmed.ToLowerInvariant().Normalize(NormalizationForm.FormC);
        return normalized is { Length: <= MaxLength } && EmailPattern().IsMatch(normalized)
            ? new Email(normalized)
            : ValidationErrors.Invalid("email", "The email address is not valid.");
    }

    /// <summary>
    /// An address as it was stored. Stored addresses were valid when they were written; reading one back must not fail
    /// because the rules have grown stricter since.
    /// </summary>
    public static Email FromStorage(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Email(value);
    }

    public override string ToString() => Value;

    private static bool HasInvisibleOrControlCharacters(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return true; // a lone surrogate
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate)
            {
                return true;
            }

            rest = rest[consumed..];
        }

        return false;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
