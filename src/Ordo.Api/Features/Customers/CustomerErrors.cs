using Ordo.Domain.Common;

namespace Ordo.Api.Features.Customers;

/// <summary>
/// The codes the customer endpoints answer (see <see cref="ErrorCode"/>); the domain's rules for customers only refuse
/// malformed fields, with the shared <c>invalid_*</c> family. Other areas that answer the same code (an account's email
/// change, an order's inline address) refer to these entries.
/// </summary>
public static class CustomerErrors
{
    public static readonly ErrorCode OwnCustomerRecordOnly = new(
        "own_customer_record_only", ErrorKind.Forbidden, "A customer's own account tried to create a customer record: it manages its own record only.");

    public static readonly ErrorCode EmailTaken = new(
        "email_taken",
        ErrorKind.Conflict,
        "The email address is already in use by another customer or account; when staff create a customer, `customerId` names the record that has it, for callers who may find customers by contact details.");

    public static readonly ErrorCode EmailManagedByAccount = new(
        "email_managed_by_account", ErrorKind.Conflict, "The customer signs in with this email address, so only they can change it (through the account's confirmed email change).");

    public static readonly ErrorCode InvalidAddress = new(
        "invalid_address", ErrorKind.Validation, "An address in the request is not an object; `field` and `errors` name its position.");

    public static readonly ErrorCode InvalidAddresses = new(
        "invalid_addresses", ErrorKind.Validation, "The request lists more addresses than a customer may have.");
}
