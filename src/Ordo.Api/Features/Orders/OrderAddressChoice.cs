using Microsoft.EntityFrameworkCore;
using Ordo.Api.Features.Customers;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>The addresses a new order is placed with: sent inline, or chosen by position among the customer's saved ones.</summary>
internal static class OrderAddressChoice
{
    /// <summary>An address sent inline, validated; its errors name the field (<c>shippingAddress.city</c>).</summary>
    public static Result<Address?> Inline(AddressRequest? request, string field)
    {
        if (request is null)
        {
            return (Address?)null;
        }

        var address = request.ToAddress(field);
        return address.IsSuccess ? address.Value : address.Error;
    }

    /// <summary>
    /// The order's addresses, reading the customer's saved ones only when an index asks for one (the placement's
    /// statement budget stays as it was for every other order).
    /// </summary>
    public static async Task<Result<OrderAddresses>> ResolveAsync(
        OrdoDbContext db,
        Guid customerId,
        (Address? Inline, int? Index) shipping,
        (Address? Inline, int? Index) billing,
        CancellationToken cancellationToken)
    {
        if (shipping.Index is null && billing.Index is null)
        {
            return new OrderAddresses(shipping.Inline, billing.Inline);
        }

        var saved = (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == customerId, cancellationToken)).Addresses;
        Result<Address?> Pick((Address? Inline, int? Index) choice, string field) => choice.Index switch
        {
            null => choice.Inline,
            { } index when index < saved.Count => saved[index],
            { } index => NoSuchSavedAddress(field, index, saved.Count),
        };

        var shippingAddress = Pick(shipping, "shippingAddressIndex");
        if (shippingAddress.IsFailure)
        {
            return shippingAddress.Error;
        }

        var billingAddress = Pick(billing, "billingAddressIndex");
        return billingAddress.IsFailure ? billingAddress.Error : new OrderAddresses(shippingAddress.Value, billingAddress.Value);
    }

    private static DomainError NoSuchSavedAddress(string field, int index, int saved)
    {
        var error = OrderApiErrors.InvalidAddressIndex.Error(
            saved == 0
                ? $"{field} names saved address {index}, but the customer has no saved addresses: send the address itself."
                : $"{field} names saved address {index}, but the customer has {saved} (0 to {saved - 1}).");
        return error with { Details = new Dictionary<string, object?> { ["field"] = field } };
    }
}
