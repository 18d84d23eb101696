using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Customers;

namespace Ordo.Api.Features.Customers;

public sealed record CustomerResponse(
    Guid Id,
    string Name,
    string Email,
    string? Phone,
    IReadOnlyList<AddressResponse> Addresses,
    bool ContactDetailsMasked,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IHasExample<CustomerResponse>
{
    public static CustomerResponse Example => new(
        ExampleValues.CustomerId, "Ada Lovelace", "ada@example.com", "+44 20 7946 0000", [new AddressResponse("12 St James's Square", null, "London", "SW1Y 4LB", null, "GB")], false,
        new Dictionary<string, string> { ["crmContactId"] = "C-2291" }, ExampleValues.At, ExampleValues.At);

    internal const string Mask = "***";

    /// <summary>The customer as this caller may see them: contact details masked unless <see cref="AccessRules.SeesPersonalData"/>.</summary>
    public static CustomerResponse For(Customer customer, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return AccessRules.SeesPersonalData(CallerAccess.Required(http), customer.Id)
            ? new(customer.Id, customer.Name, customer.Email.Value, customer.Phone,
                customer.Addresses.Select(AddressResponse.From).ToList(), false, customer.Metadata, customer.CreatedAt, customer.UpdatedAt)
            : new(customer.Id, customer.Name, MaskEmail(customer.Email.Value), customer.Phone is null ? null : Mask + customer.Phone[^Math.Min(2, customer.Phone.Length)..],
                customer.Addresses.Select(a => AddressResponse.From(a).Masked()).ToList(), true,
                customer.Metadata, customer.CreatedAt, customer.UpdatedAt);
    }

    /// <summary>Enough to recognise an address (first letter, domain), not to use it: <c>a***@example.com</c>.</summary>
    internal static string MaskEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return email[..Math.Min(1, at)] + Mask + email[at..];
    }
}

public sealed record AddressResponse(string Line1, string? Line2, string City, string PostalCode, string? Region, string CountryCode)
{
    public static AddressResponse From(Address address) => new(
        address.Line1, address.Line2, address.City, address.PostalCode, address.Region, address.CountryCode);

    /// <summary>Enough to tell where it is (city, region, country), not to use it.</summary>
    public AddressResponse Masked() => new(CustomerResponse.Mask, null, City, CustomerResponse.Mask, Region, CountryCode);
}
