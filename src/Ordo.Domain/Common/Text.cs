using System.Text;

namespace Ordo.Domain.Common;

/// <summary>
/// Normalises free-text input the same way everywhere: trimmed, composed (NFC, so that "é" typed as one character or
/// as "e" plus an accent is stored, compared and found alike), length-checked, blank optional → null.
/// </summary>
internal static class Text
{
    public static Result<string> Required(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim().Normalize(NormalizationForm.FormC);
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > maxLength)
        {
            return ValidationErrors.Invalid(field, $"The {field.Replace('_', ' ')} must be 1 to {maxLength} characters.");
        }

        return trimmed;
    }

    public static Result<string?> Optional(string? value, string field, int maxLength)
    {
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
}
