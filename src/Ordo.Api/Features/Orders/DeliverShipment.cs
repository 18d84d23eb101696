using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
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

    /// <summary>The use case: marks one shipment of the order the caller may change delivered.</summary>
    public static async Task<Result<Order>> ExecuteAsync(
        Guid id, string? ifMatch, Guid shipmentId, CallerAccess caller, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(time);
        var taken = await db.TakeForChangeAsync(id, ifMatch, caller, cancellationToken);
        if (taken.IsFailure)
        {
            return taken.Error;
        }

        var order = taken.Value;
        var delivered = order.Deliver(shipmentId, caller.SubjectId, time.GetUtcNow());
        if (delivered.IsFailure)
        {
            return delivered.Error;
        }

        await db.SaveChangesAsync(cancellationToken);
        return order;
    }

    /// <summary>The REST adapter: 200 with the order and its new ETag.</summary>
    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, Guid shipmentId, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), shipmentId, CallerAccess.Required(http), db, time, cancellationToken))
            .ToHttp(order => db.Updated(http, order));
}
