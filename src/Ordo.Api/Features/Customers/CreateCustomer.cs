using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Persistence;

namespace Ordo.Api.Features.Customers;

public sealed record CreateCustomerRequest(
    [property: MaxLength(Customer.MaxNameLength)] string Name,
    [property: MaxLength(Email.MaxLength)] string Email,
    [property: RegularExpression(Customer.PhonePatternText), MaxLength(Customer.MaxPhoneLength)] string? Phone = null,
    [property: MaxLength(RequestLimits.MaxAddresses)] IReadOnlyList<AddressRequest>? Addresses = null,
    [property: MaxLength(MetadataRules.MaxKeys), ListItems(MetadataRules.MaxValueLength)] IReadOnlyDictionary<string, string>? Metadata = null);

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
            return ValidationErrors.Invalid("addresses", $"At most {RequestLimits.MaxAddresses} addresses.");
        }

        foreach (var (request, index) in (requests ?? []).Select((request, index) => (request, index)))
        {
            if (request is null)
            {
                // The code stays stable (invalid_address); the position goes into the field.
                var notAnObject = ValidationErrors.Invalid("address", "Each address must be an object.");
                return notAnObject with { Details = new Dictionary<string, object?> { ["field"] = $"addresses[{index}]" } };
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

public static class CreateCustomer
{
    public static RouteHandlerBuilder MapCreateCustomer(this IEndpointRouteBuilder customers) =>
        customers.MapPost("/", HandleAsync)
            .WithName("CreateCustomer")
            .WithRequestExample("""{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0000", "addresses": [{"line1": "12 St James's Square", "city": "London", "postalCode": "SW1Y 4LB", "countryCode": "GB"}]}""")
            .SendsETag()
            .RequirePermission(Permissions.CustomersWrite)
            .WithSummary("Create a customer")
            .WithDescription("Adds a customer (staff only); 409 `email_taken` when another customer record has the address (compared case-insensitively). Email, phone and addresses are stored encrypted.")
            .ChangesState();

    public static async Task<Results<Created<CustomerResponse>, ProblemHttpResult>> HandleAsync(
        CreateCustomerRequest request, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (!AccessRules.CanCreateCustomers(CallerAccess.Required(http)))
        {
            return DomainProblems.Problem(
                StatusCodes.Status403Forbidden, "customer_account", "A customer account manages its own customer record; it cannot create others.");
        }

        var email = Email.Create(request.Email);
        if (email.IsFailure)
        {
            return email.Error.ToProblem();
        }

        var addresses = AddressRequest.ToAddresses(request.Addresses);
        if (addresses.IsFailure)
        {
            return addresses.Error.ToProblem();
        }

        var created = Customer.Create(request.Name, email.Value, request.Phone, addresses.Value, time.GetUtcNow());
        if (created.IsFailure)
        {
            return created.Error.ToProblem();
        }

        if (await CustomerEmails.HolderAsync(db, email.Value, cancellationToken) is { } holder)
        {
            return CustomerEmails.Taken(holder, CallerAccess.Required(http));
        }

        var customer = created.Value;
        var tagged = customer.ChangeMetadata(MetadataInput.FromCreate(request.Metadata), customer.CreatedAt);
        if (tagged.IsFailure)
        {
            return tagged.Error.ToProblem();
        }

        db.Customers.Add(customer);
        await db.SaveChangesAsync(cancellationToken);

        ETags.Set(http, Versioning.Of(db, customer));
        return TypedResults.Created($"/api/v1/customers/{customer.Id}", CustomerResponse.For(customer, http));
    }
}

/// <summary>
/// Staff creating a customer are told when another customer record has the address (through the blind index: the
/// database compares keyed hashes, never an address in clear). It is a check against typing the same customer twice,
/// not a constraint: addresses are not unique among customer records (a customer may register an account with an
/// address a staff-created record already has), and nothing else answers differently for a taken address.
/// </summary>
internal static class CustomerEmails
{
    /// <summary>The first customer record with this address, if any (addresses are not unique among records).</summary>
    public static Task<Guid?> HolderAsync(OrdoDbContext db, Email email, CancellationToken cancellationToken) =>
        db.CustomersWithEmail(email).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Names the customer who holds the address, so they can use that record, only to a caller who may find customers by
    /// contact details (<c>customers.pii</c>): to anyone else the id would be exactly the lookup by email that is refused.
    /// </summary>
    public static ProblemHttpResult Taken(Guid holder, CallerAccess caller) =>
        AccessRules.CanFindByContactDetails(caller)
            ? DomainProblems.Problem(
                StatusCodes.Status409Conflict,
                "email_taken",
                $"Customer {holder} already has this email address: use that record (/api/v1/customers/{holder}) instead of creating another.",
                new Dictionary<string, object?> { ["customerId"] = holder })
            : DomainProblems.Problem(StatusCodes.Status409Conflict, "email_taken", "A customer with this email address already exists.");
}
