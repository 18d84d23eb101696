using System.ComponentModel.DataAnnotations;
using Ordo.Api.Http;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;

namespace Ordo.Api.Features.Customers;

/// <param name="CountryCode">ISO 3166-1 alpha-2, e.g. <c>DE</c>.</param>
public sealed record AddressRequest(
    [property: MaxLength(Address.MaxLineLength)] string Line1,
    [property: MaxLength(Address.MaxCityLength)] string City,
    [property: MaxLength(Address.MaxPostalCodeLength)] string PostalCode,
    [property: RegularExpression(Address.CountryCodePatternText), MaxLength(2)] string CountryCode,
    [property: MaxLength(Address.MaxLineLength)] string? Line2 = null,
    [property: MaxLength(Address.MaxRegionLength)] string? Region = null)
{
    /// <summary>The domain addresses, or the first invalid one's error with its position (<c>$.addresses[1].city</c>).</summary>
    public static Result<List<Address>> ToAddresses(IReadOnlyList<AddressRequest>? requests)
    {
        var addresses = new List<Address>();
        if (requests?.Count > RequestLimits.MaxAddresses)
        {
            return CustomerErrors.InvalidAddresses.Error($"At most {RequestLimits.MaxAddresses} addresses.") with
            {
                Details = new Dictionary<string, object?> { ["field"] = "addresses" },
            };
        }

        foreach (var (request, index) in (requests ?? []).Select((request, index) => (request, index)))
        {
            if (request is null)
            {
                // The code stays stable (invalid_address); the position goes into the field.
                return CustomerErrors.InvalidAddress.Error("Each address must be an object.") with
                {
                    Details = new Dictionary<string, object?> { ["field"] = $"addresses[{index}]" },
                };
            }

            var address = request.ToAddress($"addresses[{index}]");
            if (address.IsFailure)
            {
                return address.Error;
            }

            addresses.Add(address.Value);
        }

        return addresses;
    }

    /// <summary>The domain address; an error names its field under <paramref name="field"/> (<c>addresses[1].city</c>, <c>shippingAddress.city</c>).</summary>
    public Result<Address> ToAddress(string field)
    {
        var address = Address.Create(Line1, Line2, City, PostalCode, Region, CountryCode);
        return address.IsFailure && address.Error.Details.TryGetValue("field", out var inner) && inner is string name
            ? address.Error with { Details = new Dictionary<string, object?>(address.Error.Details) { ["field"] = $"{field}.{name}" } }
            : address;
    }
}
