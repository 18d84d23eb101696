using Ordo.Domain.Customers;

namespace Ordo.Api.Features.Customers;

public sealed record CustomerResponse(
    Guid Id,
    string Name,
    string Email,
    string? Phone,
    IReadOnlyList<AddressResponse> Addresses,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CustomerResponse From(Customer customer) => new(
        customer.Id,
        customer.Name,
        customer.Email.Value,
        customer.Phone,
        customer.Addresses.Select(AddressResponse.From).ToList(),
        customer.CreatedAt,
        customer.UpdatedAt);
}

public sealed record AddressResponse(string Line1, string? Line2, string City, string PostalCode, string? Region, string CountryCode)
{
    public static AddressResponse From(Address address) => new(
        address.Line1, address.Line2, address.City, address.PostalCode, address.Region, address.CountryCode);
}
