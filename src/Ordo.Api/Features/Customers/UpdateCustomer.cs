using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Customers;
using Ordo.Persistence;

namespace Ordo.Api.Features.Customers;

/// <summary>
/// The fields a customer's merge patch may carry, each optional: the document's description of the PATCH body.
/// <c>phone</c> and <c>addresses</c> may be null (cleared); a list of addresses replaces the whole list.
/// </summary>
public sealed class CustomerPatch
{
    [MaxLength(Customer.MaxNameLength)]
    public string Name { get; init; } = "";

    [MaxLength(Domain.Customers.Email.MaxLength)]
    public string Email { get; init; } = "";

    [RegularExpression(Customer.PhonePatternText)]
    [MaxLength(Customer.MaxPhoneLength)]
    public string? Phone { get; init; }

    [MaxLength(RequestLimits.MaxAddresses)]
    public IReadOnlyList<AddressRequest>? Addresses { get; init; }
}

/// <summary>PATCH with JSON Merge Patch (RFC 7396): absent fields stay, <c>null</c> clears an optional field.</summary>
public static class UpdateCustomer
{
    private static readonly IReadOnlySet<string> Writable = MergePatch.FieldsOf<CustomerPatch>();

    public static RouteHandlerBuilder MapUpdateCustomer(this IEndpointRouteBuilder customers) =>
        customers.MapPatch("/{id:guid}", HandleAsync)
            .WithName("UpdateCustomer")
            .SendsETag()
            .TakesIfMatch(IfMatch.Required)
            .RequirePermission(Permissions.CustomersWrite)
            .WithSummary("Update a customer")
            .WithDescription("JSON Merge Patch of `name`, `email`, `phone` (null clears it) and `addresses` (replaces the whole list). Requires `If-Match` with the current ETag (428 without it, 412 when stale).")
            .AcceptsMergePatch<CustomerPatch>()
            .ChangesState();

    public static async Task<Results<Ok<CustomerResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        JsonElement patch,
        OrdoDbContext db,
        IOptions<JsonOptions> json,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (MergePatch.CheckDocument(http.Request, patch) is { } badDocument)
        {
            return badDocument;
        }

        var customer = AccessRules.CanAccess(CallerAccess.Required(http), id)
            ? await db.Customers.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            : null;
        if (customer is null)
        {
            return DomainProblems.NotFound("customer");
        }

        if (ETags.CheckIfMatch(http.Request, Versioning.Of(db, customer), required: true) is { } precondition)
        {
            return precondition;
        }

        var errors = MergePatch.RejectUnwritable(patch, Writable);

        var name = customer.Name;
        var emailText = customer.Email.Value;
        var phone = customer.Phone;
        IReadOnlyList<AddressRequest>? addressRequests = null;
        var replaceAddresses = false;
        if (patch.TryGetProperty("name", out var nameValue))
        {
            errors.Check(nameValue.ValueKind == JsonValueKind.String, "$.name", "The name must be a string.");
            name = nameValue.ValueKind == JsonValueKind.String ? nameValue.GetString()! : name;
        }

        if (patch.TryGetProperty("email", out var emailValue))
        {
            errors.Check(emailValue.ValueKind == JsonValueKind.String, "$.email", "The email must be a string.");
            emailText = emailValue.ValueKind == JsonValueKind.String ? emailValue.GetString()! : emailText;
        }

        if (patch.TryGetProperty("phone", out var phoneValue))
        {
            errors.Check(phoneValue.ValueKind is JsonValueKind.String or JsonValueKind.Null, "$.phone", "The phone must be a string or null.");
            phone = phoneValue.ValueKind == JsonValueKind.String ? phoneValue.GetString() : null;
        }

        if (patch.TryGetProperty("addresses", out var addressesValue))
        {
            replaceAddresses = true;
            addressRequests = ReadAddresses(addressesValue, json.Value.SerializerOptions, errors);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var email = Email.Create(emailText);
        if (email.IsFailure)
        {
            return email.Error.ToProblem();
        }

        var addresses = replaceAddresses ? AddressRequest.ToAddresses(addressRequests) : customer.Addresses.ToList();
        if (addresses.IsFailure)
        {
            return addresses.Error.ToProblem();
        }

        var emailChanged = email.Value != customer.Email;
        if (emailChanged && await CustomerEmails.IsTakenAsync(db, email.Value, customer.Id, cancellationToken))
        {
            return CustomerEmails.Taken();
        }

        var updated = customer.Update(name, email.Value, phone, addresses.Value, time.GetUtcNow());
        if (updated.IsFailure)
        {
            return updated.Error.ToProblem();
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && emailChanged)
        {
            if (await CustomerEmails.IsTakenConcurrentlyAsync(db, http, email.Value, id))
            {
                return CustomerEmails.Taken();
            }

            throw;
        }

        ETags.Set(http, Versioning.Of(db, customer));
        return TypedResults.Ok(CustomerResponse.For(customer, http));
    }

    /// <summary>Binds <c>addresses</c> as strictly as a request body (unknown fields, missing ones and wrong types are errors).</summary>
    private static List<AddressRequest>? ReadAddresses(JsonElement value, JsonSerializerOptions options, RequestErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return []; // removing the member in merge-patch terms: no addresses
        }

        try
        {
            return value.Deserialize<List<AddressRequest>>(options);
        }
        catch (JsonException ex)
        {
            var path = "$.addresses" + (ex.Path ?? "$")[1..];
            errors.Add(path, "Addresses must be an array of {line1, line2?, city, postalCode, region?, countryCode} objects with string values.");
            return null;
        }
    }
}
