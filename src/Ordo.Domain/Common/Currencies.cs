using System.Collections.Frozen;
using System.Globalization;

namespace Ordo.Domain.Common;

/// <summary>
/// The currencies money may be in, with their minor-unit exponents: ISO 4217 List One as published by SIX on
/// 2026-01-01, every active code that has a minor unit. Codes the list gives no minor unit ("N.A.": gold XAU, silver
/// XAG, palladium XPD, platinum XPT, the SDR XDR, XSU, XUA, the bond-market units XBA–XBD, XTS for testing and XXX for
/// no currency) are left out, because an amount in minor units means nothing for them; withdrawn codes (HRK, SLL,
/// ZWL, ANG, BGN, CUC, …) are not on the list. Update the table from the next published list, never by hand.
/// </summary>
public static class Currencies
{
    private static readonly FrozenDictionary<string, int> MinorUnitsByCode = Table(
        (0, """
            BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF
            """),
        (2, """
            AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP
            BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB
            EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES
            KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
            MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD
            RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP
            TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XAD XCD XCG YER ZAR ZMW ZWG
            """),
        (3, """
            BHD IQD JOD KWD LYD OMR TND
            """),
        (4, """
            CLF UYW
            """));

    public static IReadOnlyCollection<string> Codes => MinorUnitsByCode.Keys;

    /// <summary>Whether <paramref name="code"/> (upper case) is on the table, and how many decimals its minor unit has.</summary>
    public static bool TryGetMinorUnits(string code, out int exponent) => MinorUnitsByCode.TryGetValue(code, out exponent);

    /// <summary>The amount in major units for people, e.g. <c>100.00 EUR</c>, <c>15000 JPY</c>, <c>1.250 BHD</c>.</summary>
    public static string Format(Money money)
    {
        var exponent = MinorUnitsByCode.GetValueOrDefault(money.Currency);
        var major = money.Amount / (decimal)Math.Pow(10, exponent);
        return major.ToString("F" + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + money.Currency;
    }

    private static FrozenDictionary<string, int> Table(params (int Exponent, string Codes)[] groups) =>
        groups
            .SelectMany(group => group.Codes.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(code => (code, group.Exponent)))
            .ToFrozenDictionary(entry => entry.code, entry => entry.Exponent, StringComparer.Ordinal);
}
