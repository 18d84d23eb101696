using System.Text.RegularExpressions;
using Ordo.Domain.Common;

namespace Ordo.Domain.Customers;

/// <summary>
/// A customer's contact details in plain text; encryption at rest is the persistence layer's concern.
/// </summary>
public sealed partial class Customer
{
    public const int MaxNameLength = 200;
    public const int MaxPhoneLength = 21;
    public const string PhonePatternText = @"^\+?[0-9 ()-]{5,20}$";

    private readonly List<Address> _addresses = [];

    private Customer()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = null!;

    public Email Email { get; private set; } = null!;

    public string? Phone { get; private set; }

    public IReadOnlyList<Address> Addresses => _addresses;

    /// <summary>The integrator's own key-value pairs (<see cref="MetadataRules"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = MetadataRules.None;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Result<Customer> Create(
        string name,
        Email email,
        string? phone,
        IEnumerable<Address> addresses,
        DateTimeOffset now)
    {
        var customer = new Customer { Id = Guid.CreateVersion7(now), CreatedAt = now };
        var updated = customer.Update(name, email, phone, addresses, now);
        return updated.IsSuccess ? customer : updated.Error;
    }

    /// <summary>Replaces all contact details at once, matching a PUT of the whole resource.</summary>
    public Result Update(string name, Email email, string? phone, IEnumerable<Address> addresses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(addresses);

        var validName = Text.Required(name, "name", MaxNameLength);
        if (validName.IsFailure)
        {
            return validName.Error;
        }

        var trimmedPhone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (trimmedPhone is not null && !PhonePattern().IsMatch(trimmedPhone))
        {
            return ValidationErrors.Invalid("phone", "The phone number must be 5 to 20 digits, spaces, '()' or '-', optionally starting with '+'.");
        }

        Name = validName.Value;
        Email = email;
        Phone = trimmedPhone;
        _addresses.Clear();
        _addresses.AddRange(addresses);
        UpdatedAt = now;
        return Result.Success();
    }

    [GeneratedRegex(PhonePatternText)]
    private static partial Regex PhonePattern();

    /// <summary>Applies <paramref name="changes"/> to <see cref="Metadata"/> as a merge patch: values set keys, nulls remove them.</summary>
    public Result ChangeMetadata(IEnumerable<KeyValuePair<string, string?>> changes, DateTimeOffset now)
    {
        var merged = MetadataRules.Merge(Metadata, changes);
        if (merged.IsFailure)
        {
            return merged.Error;
        }

        Metadata = merged.Value;
        UpdatedAt = now;
        return Result.Success();
    }
}
