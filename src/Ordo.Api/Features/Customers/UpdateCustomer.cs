using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Customers;

/// <summary>
/// The fields a customer's merge patch may carry, each optional: bound from the PATCH body and the document's
/// description of it. <c>phone</c> and <c>addresses</c> may be null (cleared); a list of addresses replaces the whole list.
/// </summary>
public sealed class CustomerPatch : MergePatch<CustomerPatch>
{
    [MaxLength(Customer.MaxNameLength)]
    public string Name { get; init => field = Sent(value); } = "";

    [MaxLength(Domain.Customers.Email.MaxLength)]
    public string Email { get; init => field = Sent(value); } = "";

    [RegularExpression(Customer.PhonePatternText)]
    [MaxLength(Customer.MaxPhoneLength)]
    public string? Phone { get; init => field = Sent(value); }

    [MaxLength(RequestLimits.MaxAddresses)]
    public IReadOnlyList<AddressRequest>? Addresses { get; init => field = Sent(value); }

    /// <summary>Keys to set to a string, or to remove with null; <c>null</c> for the whole map removes every key. Not for the customer's own calls.</summary>
    [MaxLength(MetadataRules.MaxKeys), ListItems(MetadataRules.MaxValueLength)]
    public IReadOnlyDictionary<string, string?>? Metadata { get; init => field = Sent(value); }

    protected override string ShapeOf(string field) => field switch
    {
        "name" => "The name must be a string.",
        "email" => "The email must be a string.",
        "phone" => "The phone must be a string or null.",
        _ => "Addresses must be an array of {line1, line2?, city, postalCode, region?, countryCode} objects with string values.",
    };

    protected override bool TryRead(JsonPropertyInfo field, JsonElement value, JsonSerializerOptions options, RequestErrors errors, out object? read)
    {
        ArgumentNullException.ThrowIfNull(field);
        read = null;
        return (field.Name != "metadata" || MetadataInput.CheckPatch(value, errors)) && base.TryRead(field, value, options, errors, out read);
    }
}

/// <summary>PATCH with JSON Merge Patch (RFC 7396): absent fields stay, <c>null</c> clears an optional field.</summary>
public static class UpdateCustomer
{
    public static RouteHandlerBuilder MapUpdateCustomer(this IEndpointRouteBuilder customers) =>
        customers.MapPatch("/{id:guid}", HandleAsync)
            .WithName("UpdateCustomer")
            .WithRequestExample("""{"phone": null}""")
            .SendsETag()
            .TakesIfMatch(IfMatch.Required)
            .RequirePermission(Permissions.CustomersWrite)
            .WithSummary("Update a customer")
            .WithDescription("JSON Merge Patch of `name`, `email`, `phone` (null clears it) and `addresses` (replaces the whole list). Requires `If-Match` with the current ETag (428 without it, 412 when stale). A new `email` of a customer with an account is not set here: a confirmation link goes to the new address, and the account and the record change when it is followed (`POST /api/v1/account/confirm-email-change`); the answer is the same whether or not the address is in use. Only the customer may change it (staff get 409 `email_managed_by_account`). Customers without an account take the new address at once; addresses need not be unique among customer records.")
            .AcceptsMergePatch<CustomerPatch>()
            .ChangesState();

    /// <summary>
    /// The use case: applies the patch to the customer (when <paramref name="ifMatch"/> names its current version). A
    /// new email address of a customer with an account is only mailed a confirmation link (see the endpoint's description).
    /// </summary>
    public static async Task<Result<Customer>> ExecuteAsync(
        Guid id,
        string? ifMatch,
        CustomerPatch patch,
        CallerAccess caller,
        OrdoDbContext db,
        TimeProvider time,
        UserManager<OrdoUser> users,
        AccountEmails emails,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(emails);
        var customer = AccessRules.CanAccess(caller, id)
            ? await db.Customers.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            : null;
        if (customer is null)
        {
            return HttpErrors.NotFoundWithId("customer");
        }

        if (ETags.CheckIfMatch(ifMatch, Versioning.Of(db, customer), required: true) is { } precondition)
        {
            return precondition;
        }

        if (patch.Invalid is { } invalid)
        {
            return invalid;
        }

        var name = patch.Has(nameof(patch.Name)) ? patch.Name : customer.Name;
        var emailText = patch.Has(nameof(patch.Email)) ? patch.Email : customer.Email.Value;
        var phone = patch.Has(nameof(patch.Phone)) ? patch.Phone : customer.Phone;
        var metadata = patch.Has(nameof(patch.Metadata)) ? MetadataInput.FromPatch(patch.Metadata, customer.Metadata) : null;
        if (MetadataInput.Refusal(caller, metadata is not null) is { } metadataRefused)
        {
            return metadataRefused;
        }

        var email = Email.Create(emailText);
        if (email.IsFailure)
        {
            return email.Error;
        }

        var addresses = patch.Has(nameof(patch.Addresses)) ? AddressRequest.ToAddresses(patch.Addresses) : customer.Addresses.ToList();
        if (addresses.IsFailure)
        {
            return addresses.Error;
        }

        // The address a customer account signs in with changes only once its new holder follows the mailed link;
        // until then the record keeps the old one. Whether the new address is taken is not told here.
        var account = email.Value != customer.Email ? await users.Users.SingleOrDefaultAsync(u => u.CustomerId == customer.Id, cancellationToken) : null;
        if (account is not null && caller.CustomerId != customer.Id)
        {
            // Staff may not move a customer's sign-in address (to their own, say, and then reset the password).
            return CustomerErrors.EmailManagedByAccount.Error("This customer signs in with this address; only they can change it.");
        }

        var newEmail = account is null ? email.Value : customer.Email;
        var now = time.GetUtcNow();
        var updated = customer.Update(name, newEmail, phone, addresses.Value, now);
        if (updated.IsSuccess && metadata is not null)
        {
            updated = customer.ChangeMetadata(metadata, now);
        }

        if (updated.IsFailure)
        {
            return updated.Error;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (account is not null)
        {
            await emails.QueueEmailChangeAsync(account, email.Value.Value, await users.GenerateChangeEmailTokenAsync(account, email.Value.Value), cancellationToken);
        }

        return customer;
    }

    /// <summary>The REST adapter: refuses a body that is no merge patch, then answers the customer with its new ETag.</summary>
    public static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        CustomerPatch patch,
        OrdoDbContext db,
        TimeProvider time,
        HttpContext http,
        UserManager<OrdoUser> users,
        AccountEmails emails,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch.Unreadable is { } unreadable)
        {
            return unreadable.ToProblem();
        }

        return (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), patch, CallerAccess.Required(http), db, time, users, emails, cancellationToken))
            .ToHttp(customer =>
            {
                ETags.Set(http, Versioning.Of(db, customer));
                return TypedResults.Ok(CustomerResponse.For(customer, http));
            });
    }
}
