using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public sealed record ShipOrderLine(Guid OrderLineId, int Quantity);

public sealed record ShipOrderRequest(string Carrier, string TrackingNumber, IReadOnlyList<ShipOrderLine> Lines);

public static class ShipOrder
{
    public static RouteHandlerBuilder MapShipOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/{id:guid}/shipments", HandleAsync)
            .WithName("ShipOrder")
            .RequirePermission(Permissions.OrdersFulfil)
            .WithSummary("Ship some or all of an order")
            .WithDescription("Records a parcel carrying quantities of some lines; shipped quantities never exceed ordered ones (422). Shipped units leave stock on hand. Answers 201 with the updated order.")
            .ChangesState();

    public static Task<Results<Created<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, ShipOrderRequest request, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        OrderActionRunner.RunAsync<Created<OrderResponse>>(id, db, http, async order =>
        {
            var nullLine = request.Lines.ToList().FindIndex(line => line is null);
            if (nullLine >= 0)
            {
                return new RequestErrors().Add($"$.lines[{nullLine}]", "Each line must be an object with orderLineId and quantity.").ToProblem();
            }

            var now = time.GetUtcNow();
            var shipped = order.Ship(
                [.. request.Lines.Select(l => new ShipmentLine(l.OrderLineId, l.Quantity))], request.Carrier, request.TrackingNumber, Caller.Id(http), now);
            if (shipped.IsFailure)
            {
                return shipped.Error.ToProblem();
            }

            var products = await OrderLocks.LockProductsAsync(db, OrderStock.ProductsOf(order), cancellationToken);
            db.StockMovements.AddRange(OrderStock.Ship(order, shipped.Value, products, now));
            await db.SaveChangesAsync(cancellationToken);
            return db.Created(http, order);
        }, cancellationToken);
}
