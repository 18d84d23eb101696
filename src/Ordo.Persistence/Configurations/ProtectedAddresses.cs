using System.Text.Json;
using Ordo.Domain.Customers;

namespace Ordo.Persistence.Configurations;

/// <summary>Postal addresses as stored: JSON, encrypted with the field protector like every other contact detail.</summary>
internal static class ProtectedAddresses
{
    public static string Protect(IFieldProtector protector, IEnumerable<Address> addresses) =>
        protector.Protect(JsonSerializer.Serialize(addresses.Select(StoredAddress.From), JsonSerializerOptions.Default));

    public static List<Address> UnprotectList(IFieldProtector protector, string stored) =>
        [.. JsonSerializer.Deserialize<List<StoredAddress>>(protector.Unprotect(stored), JsonSerializerOptions.Default)!.Select(a => a.ToAddress())];

    public static string Protect(IFieldProtector protector, Address address) =>
        protector.Protect(JsonSerializer.Serialize(StoredAddress.From(address), JsonSerializerOptions.Default));

    public static Address Unprotect(IFieldProtector protector, string stored) =>
        JsonSerializer.Deserialize<StoredAddress>(protector.Unprotect(stored), JsonSerializerOptions.Default)!.ToAddress();

    private sealed record StoredAddress(string Line1, string? Line2, string City, string PostalCode, string? Region, string CountryCode)
    {
        public static StoredAddress From(Address a) => new(a.Line1, a.Line2, a.City, a.PostalCode, a.Region, a.CountryCode);

        public Address ToAddress() => Address.Create(Line1, Line2, City, PostalCode, Region, CountryCode).Value;
    }
}
