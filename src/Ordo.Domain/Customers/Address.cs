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

    public static Result<Address> Create(
        string line1,
        string? line2,
        string city,
        string postalCode,
        string? region,
        string countryCode)
    {
        var validLine1 = Text.Required(line1, "line1", 200);
        var validLine2 = Text.Optional(line2, "line2", 200);
        var validCity = Text.Required(city, "city", 100);
        var validPostalCode = Text.Required(postalCode, "postal_code", 20);
        var validRegion = Text.Optional(region, "region", 100);
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
