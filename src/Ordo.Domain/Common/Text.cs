using System.Text;

namespace Ordo.Domain.Common;

/// <summary>
/// Normalises free-text input the same way everywhere: trimmed, composed (NFC, so that "é" typed as one character or
/// as "e" plus an accent is stored, compared and found alike), length-checked, blank optional → null. Malformed
/// UTF-16 (a lone surrogate) can't be composed and is refused as invalid.
/// </summary>
internal static class Text
{
    public static Result<string> Required(string? value, string field, int maxLength)
    {
        if (!IsWellFormed(value))
        {
            return Malformed(field);
        }

        var trimmed = value?.Trim().Normalize(NormalizationForm.FormC);
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > maxLength)
        {
            return ValidationErrors.Invalid(field, $"The {field.Replace('_', ' ')} must be 1 to {maxLength} characters.");
        }

        return trimmed;
    }

    public static Result<string?> Optional(string? value, string field, int maxLength)
    {
        if (!IsWellFormed(value))
        {
            return Malformed(field);
        }

        var trimmed = value?.Trim().Normalize(NormalizationForm.FormC);
        if (string.IsNullOrEmpty(trimmed))
        {
            return Result.Success<string?>(null);
        }

        if (trimmed.Length > maxLength)
        {
            return ValidationErrors.Invalid(field, $"The {field.Replace('_', ' ')} must be at most {maxLength} characters.");
        }

        return trimmed;
    }

    private static DomainError Malformed(string field) =>
        ValidationErrors.Invalid(field, $"The {field.Replace('_', ' ')} is not well-formed text (it holds a lone surrogate).");

    private static bool IsWellFormed(string? text)
    {
        for (var i = 0; text is not null && i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
