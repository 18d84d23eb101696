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

    /// <summary>The use case: adds a customer record (staff only), refusing an email address another record has.</summary>
    public static async Task<Result<Customer>> ExecuteAsync(
        CreateCustomerRequest request, CallerAccess caller, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (!AccessRules.CanCreateCustomers(caller))
        {
            return CustomerErrors.OwnCustomerRecordOnly.Error("A customer account manages its own customer record; it cannot create others.");
        }

        var email = Email.Create(request.Email);
        if (email.IsFailure)
        {
            return email.Error;
        }

        var addresses = AddressRequest.ToAddresses(request.Addresses);
        if (addresses.IsFailure)
        {
            return addresses.Error;
        }

        var created = Customer.Create(request.Name, email.Value, request.Phone, addresses.Value, time.GetUtcNow());
        if (created.IsFailure)
        {
            return created.Error;
        }

        if (await CustomerEmails.HolderAsync(db, email.Value, cancellationToken) is { } holder)
        {
            return CustomerEmails.Taken(holder, caller);
        }

        var customer = created.Value;
        var tagged = customer.ChangeMetadata(MetadataInput.FromCreate(request.Metadata), customer.CreatedAt);
        if (tagged.IsFailure)
        {
            return tagged.Error;
        }

        db.Customers.Add(customer);
        await db.SaveChangesAsync(cancellationToken);
        return customer;
    }

    /// <summary>The REST adapter: 201 with the customer as the caller may see them, its address and its ETag.</summary>
    public static async Task<Results<Created<CustomerResponse>, ProblemHttpResult>> HandleAsync(
        CreateCustomerRequest request, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, CallerAccess.Required(http), db, time, cancellationToken))
            .ToHttp(customer =>
            {
                ETags.Set(http, Versioning.Of(db, customer));
                return TypedResults.Created($"/api/v1/customers/{customer.Id}", CustomerResponse.For(customer, http));
            });
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
    public static DomainError Taken(Guid holder, CallerAccess caller) =>
        AccessRules.CanFindByContactDetails(caller)
            ? CustomerErrors.EmailTaken.Error(
                $"Customer {holder} already has this email address: use that record (/api/v1/customers/{holder}) instead of creating another.") with
            {
                Details = new Dictionary<string, object?> { ["customerId"] = holder },
            }
            : CustomerErrors.EmailTaken.Error("A customer with this email address already exists.");
}
