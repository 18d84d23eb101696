using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Ordo.Domain.Common;

/// <summary>
/// An integrator's own key-value pairs on an order, customer or product (their ids, mostly): at most
/// <see cref="MaxKeys"/> keys of up to <see cref="MaxKeyLength"/> letters, digits, <c>_ - . :</c>, each with a value of
/// up to <see cref="MaxValueLength"/> characters (Stripe's limits). Ordo never interprets them.
/// </summary>
public static partial class MetadataRules
{
    public const int MaxKeys = 50;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 500;
    public const string KeyPatternText = @"^[A-Za-z0-9_.:-]{1,40}\z";

    public static readonly IReadOnlyDictionary<string, string> None = FrozenDictionary<string, string>.Empty;

    /// <summary>
    /// <paramref name="current"/> with <paramref name="changes"/> applied as JSON Merge Patch applies them: a value sets
    /// its key, null removes it, keys not named stay.
    /// </summary>
    public static Result<IReadOnlyDictionary<string, string>> Merge(
        IReadOnlyDictionary<string, string> current, IEnumerable<KeyValuePair<string, string?>> changes)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changes);
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            if (!KeyPattern().IsMatch(key))
            {
                return ValidationErrors.Invalid(
                    "metadata_key", $"Metadata key '{Shorten(key)}' must be 1 to {MaxKeyLength} letters, digits, '_', '-', '.' or ':'.");
            }

            if (value is null)
            {
                merged.Remove(key);
                continue;
            }

            var text = Text.Optional(value, "metadata_value", MaxValueLength);
            if (text.IsFailure)
            {
                return text.Error with { Message = $"The value of metadata key '{key}' must be well-formed text of at most {MaxValueLength} characters." };
            }

            merged[key] = text.Value ?? "";
        }

        if (merged.Count > MaxKeys)
        {
            return ValidationErrors.Invalid("metadata", $"Metadata holds at most {MaxKeys} keys; this would make {merged.Count}.");
        }

        return merged;
    }

    public static bool Same(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }

    private static string Shorten(string key) => key.Length > MaxKeyLength ? key[..MaxKeyLength] + "…" : key;

    [GeneratedRegex(KeyPatternText)]
    public static partial Regex KeyPattern();
}
