using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>One shipment of an order: what the 201 of <see cref="ShipOrder"/> points at.</summary>
public static class GetShipment
{
    public static string UrlOf(Order order, Shipment shipment)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shipment);
        return $"{OrderAnswers.UrlOf(order)}/shipments/{shipment.Id}";
    }

    public static RouteHandlerBuilder MapGetShipment(this IEndpointRouteBuilder orders) =>
        orders.MapGet("/{id:guid}/shipments/{shipmentId:guid}", HandleAsync)
            .WithName("GetShipment")
            .RequirePermission(Permissions.OrdersRead)
            .WithSummary("Get one shipment of an order")
            .WithDescription("One parcel of the order: carrier, tracking number, its lines, when it shipped and was delivered. The `Location` that shipping an order answers with.");

    /// <summary>The use case (one query): the shipment, if the caller may see its order.</summary>
    public static async Task<Result<Shipment>> ExecuteAsync(Guid id, Guid shipmentId, CallerAccess caller, OrdoDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.FindVisibleOrderAsync(id, caller, cancellationToken);
        if (order is null)
        {
            return HttpErrors.NotFoundWithId("order");
        }

        return order.Shipments.SingleOrDefault(found => found.Id == shipmentId) is { } shipment ? shipment : HttpErrors.NotFoundWithId("shipment");
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<Ok<ShipmentResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, Guid shipmentId, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, shipmentId, CallerAccess.Required(http), db, cancellationToken))
            .ToHttp(shipment => TypedResults.Ok(ShipmentResponse.From(shipment)));
}
