using System.Globalization;

namespace Ordo.Admin.Api;

/// <summary>How the panel writes money, times and state names.</summary>
public static class Format
{
    private static readonly HashSet<string> WithoutMinorUnits = new(StringComparer.Ordinal) { "JPY", "KRW", "ISK", "CLP", "VND" };

    public static string Money(Money money)
    {
        ArgumentNullException.ThrowIfNull(money);
        var digits = WithoutMinorUnits.Contains(money.Currency) ? 0 : 2;
        var value = money.Amount / (decimal)Math.Pow(10, digits);
        return value.ToString(digits == 0 ? "#,0" : "#,0.00", CultureInfo.InvariantCulture) + " " + money.Currency;
    }

    /// <summary>Minor units from what a person typed ("12.5" → 1250 in EUR); null when it is not an amount.</summary>
    public static long? MinorUnits(string? typed, string currency)
    {
        if (!decimal.TryParse(typed?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return null;
        }

        var scaled = value * (decimal)Math.Pow(10, WithoutMinorUnits.Contains(currency) ? 0 : 2);
        return scaled == decimal.Truncate(scaled) ? (long)scaled : null;
    }

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary><c>partially_refunded</c> → "partially refunded".</summary>
    public static string State(string name) => name.Replace('_', ' ');
}
