using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public static class DeliverShipment
{
    public static RouteHandlerBuilder MapDeliverShipment(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/{id:guid}/shipments/{shipmentId:guid}/deliver", HandleAsync)
            .WithName("DeliverShipment")
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.OrdersFulfil)
            .WithSummary("Mark a shipment delivered")
            .WithDescription("When every unit has shipped and every shipment is delivered, the order is `delivered` and `completed`.")
            .ChangesState();

    public static Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, Guid shipmentId, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        OrderActionRunner.RunAsync<Ok<OrderResponse>>(id, db, http, async order =>
        {
            var delivered = order.Deliver(shipmentId, Caller.Id(http), time.GetUtcNow());
            if (delivered.IsFailure)
            {
                return delivered.Error.ToProblem();
            }

            await db.SaveChangesAsync(cancellationToken);
            return db.Updated(http, order);
        }, cancellationToken);
}
