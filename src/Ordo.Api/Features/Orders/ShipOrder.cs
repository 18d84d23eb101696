using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public sealed record ShipOrderLine(Guid OrderLineId, [property: Range(1, int.MaxValue)] int Quantity);

public sealed record ShipOrderRequest(
    [property: MaxLength(Order.MaxCarrierLength)] string Carrier,
    [property: MaxLength(Order.MaxTrackingNumberLength)] string TrackingNumber,
    [property: MinLength(1), MaxLength(PlaceOrder.MaxLines)] IReadOnlyList<ShipOrderLine> Lines);

public static class ShipOrder
{
    public static RouteHandlerBuilder MapShipOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/{id:guid}/shipments", HandleAsync)
            .WithName("ShipOrder")
            .WithRequestExample("""{"carrier": "DHL", "trackingNumber": "JD014600006281230512", "lines": [{"orderLineId": "01968f0e-2222-7b1e-9d2f-3a4b5c6d7e8f", "quantity": 1}]}""")
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.OrdersFulfil)
            .WithSummary("Ship some or all of an order")
            .WithDescription("Records a parcel carrying quantities of some lines; shipped quantities never exceed ordered ones (422). Shipped units leave stock on hand. Answers 201 with the updated order; `Location` is the new shipment's URL (`/api/v1/orders/{id}/shipments/{shipmentId}`), whose last segment is its id in the order's `shipments`.")
            .ChangesState();

    /// <summary>
    /// The use case: checks the request's line list, records a parcel on an order taken for change
    /// (<see cref="OrderStore.TakeForChangeAsync"/>, which the caller does first so that 404 and 412 precede the body's
    /// shape errors) and ships its units out of stock. The domain checks the rest (quantities, carrier, tracking number).
    /// </summary>
    public static async Task<Result<(Order Order, Shipment Shipment)>> ExecuteAsync(
        Order order, ShipOrderRequest request, CallerAccess caller, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(time);
        if (request.Lines is null)
        {
            return new RequestErrors().Add("$.lines", "A shipment has 1 or more lines.").ToError();
        }

        if (request.Lines.Count > PlaceOrder.MaxLines)
        {
            return new RequestErrors().Add("$.lines", $"A shipment has at most {PlaceOrder.MaxLines} lines.").ToError();
        }

        // System.Text.Json lets null elements through even where the element type is not nullable.
        var nullLine = request.Lines.ToList().FindIndex(line => line is null);
        if (nullLine >= 0)
        {
            return new RequestErrors().Add($"$.lines[{nullLine}]", "Each line must be an object with orderLineId and quantity.").ToError();
        }

        var now = time.GetUtcNow();
        var shipped = order.Ship(
            [.. request.Lines.Select(l => new ShipmentLine(l.OrderLineId, l.Quantity))], request.Carrier, request.TrackingNumber, caller.SubjectId, now);
        if (shipped.IsFailure)
        {
            return shipped.Error;
        }

        var products = await OrderRowLocks.LockProductsAsync(db, StockReservations.ProductsOf(order), cancellationToken);
        db.StockMovements.AddRange(StockReservations.Ship(order, shipped.Value, products, now));
        await db.SaveChangesAsync(cancellationToken);
        return (order, shipped.Value);
    }

    /// <summary>The REST adapter: takes the order, then answers 201 with <c>Location</c> the shipment's.</summary>
    public static async Task<Results<Created<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, ShipOrderRequest request, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Required(http);
        var taken = await db.TakeForChangeAsync(id, http.Request.Headers.IfMatch.ToString(), caller, cancellationToken);
        if (taken.IsFailure)
        {
            return taken.Error.ToProblem();
        }

        return (await ExecuteAsync(taken.Value, request, caller, db, time, cancellationToken))
            .ToHttp(done => db.Created(http, done.Order, GetShipment.UrlOf(done.Order, done.Shipment)));
    }
}
