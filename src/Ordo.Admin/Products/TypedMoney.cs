using System.Globalization;
using Ordo.Admin.Api;

namespace Ordo.Admin.Products;

/// <summary>Amounts as a person types them back into a field ("19.99" for 1999 EUR cents).</summary>
public static class TypedMoney
{
    public static string Of(Money money)
    {
        ArgumentNullException.ThrowIfNull(money);
        var scale = Format.MinorUnits("1", money.Currency) ?? 100;
        return scale == 1
            ? money.Amount.ToString(CultureInfo.InvariantCulture)
            : (money.Amount / (decimal)scale).ToString("0.00", CultureInfo.InvariantCulture);
    }
}
