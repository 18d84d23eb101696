using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>The HTTP answers of the order actions: 200 or 201 with the order as the caller may see it, its ETag, and <c>Location</c>.</summary>
internal static class OrderAnswers
{
    /// <summary>The answer every order action gives: the updated order, as the caller may see it, with its new ETag.</summary>
    public static Ok<OrderResponse> Updated(this OrdoDbContext db, HttpContext http, Order order)
    {
        ETags.Set(http, Versioning.Of(db, order));
        return TypedResults.Ok(OrderResponse.For(order, http));
    }

    public static string UrlOf(Order order) => $"/api/v1/orders/{order.Id}";

    /// <summary>
    /// The answer of actions that create something on the order (the order itself, a refund, a shipment): 201 with
    /// the updated order and its ETag, and <c>Location</c> naming what was created (<paramref name="created"/>, a
    /// refund's or shipment's own URL; the order's by default).
    /// </summary>
    public static Created<OrderResponse> Created(this OrdoDbContext db, HttpContext http, Order order, string? created = null)
    {
        ETags.Set(http, Versioning.Of(db, order));
        return TypedResults.Created(created ?? UrlOf(order), OrderResponse.For(order, http));
    }
}
