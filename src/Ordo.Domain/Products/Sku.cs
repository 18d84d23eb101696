using System.Text.RegularExpressions;
using Ordo.Domain.Common;

namespace Ordo.Domain.Products;

/// <summary>Stock keeping unit: upper-cased so "ab-1" and "AB-1" are the same product code.</summary>
public sealed partial record Sku
{
    public const int MaxLength = 64;
    public const string Pattern = "^[A-Za-z0-9._-]{1,64}$";

    private Sku(string value) => Value = value;

    public string Value { get; }

    public static Result<Sku> Create(string? value)
    {
        var normalized = value?.Trim().ToUpperInvariant();
        return normalized is not null && SkuPattern().IsMatch(normalized)
            ? new Sku(normalized)
            : ValidationErrors.Invalid("sku", "The SKU must be 1 to 64 characters of A-Z, 0-9, '-', '_' or '.'.");
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Z0-9._-]{1,64}$")]
    private static partial Regex SkuPattern();
}
