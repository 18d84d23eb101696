using System.Text.RegularExpressions;
using Ordo.Domain.Common;

namespace Ordo.Domain.Customers;

/// <summary>A postal address; immutable, so changing one means replacing it.</summary>
public sealed partial record Address
{
    private Address(string line1, string? line2, string city, string postalCode, string? region, string countryCode)
    {
        Line1 = line1;
        Line2 = line2;
        City = city;
        PostalCode = postalCode;
        Region = region;
        CountryCode = countryCode;
    }

    public string Line1 { get; }

    public string? Line2 { get; }

    public string City { get; }

    public string PostalCode { get; }

    public string? Region { get; }

    /// <summary>ISO 3166-1 alpha-2, upper-case.</summary>
    public string CountryCode { get; }

    public const int MaxLineLength = 200;
    public const int MaxCityLength = 100;
    public const int MaxPostalCodeLength = 20;
    public const int MaxRegionLength = 100;

    /// <summary>What a country code may look like on the wire (it is trimmed and upper-cased before the check).</summary>
    public const string CountryCodePatternText = "^[A-Za-z]{2}$";

    public static Result<Address> Create(
        string line1,
        string? line2,
        string city,
        string postalCode,
        string? region,
        string countryCode)
    {
        var validLine1 = Text.Required(line1, "line1", MaxLineLength);
        var validLine2 = Text.Optional(line2, "line2", MaxLineLength);
        var validCity = Text.Required(city, "city", MaxCityLength);
        var validPostalCode = Text.Required(postalCode, "postal_code", MaxPostalCodeLength);
        var validRegion = Text.Optional(region, "region", MaxRegionLength);
        var country = countryCode?.Trim().ToUpperInvariant();

        if (new Result[] { validLine1, validLine2, validCity, validPostalCode, validRegion }
                .FirstOrDefault(r => r.IsFailure) is { } failed)
        {
            return failed.Error!;
        }

        if (country is null || !CountryCodePattern().IsMatch(country))
        {
            return ValidationErrors.Invalid("country_code", "The country code must be an ISO 3166-1 alpha-2 code.");
        }

        return new Address(
            validLine1.Value,
            validLine2.Value,
            validCity.Value,
            validPostalCode.Value,
            validRegion.Value,
            country);
    }

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCodePattern();
}
