using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public static class CancelOrder
{
    public static RouteHandlerBuilder MapCancelOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/{id:guid}/cancel", HandleAsync)
            .WithName("CancelOrder")
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.OrdersCancel)
            .WithSummary("Cancel an order")
            .WithDescription("Cancels a pending order, or an open one before anything shipped (its payment is then refunded in full). Reserved stock is released.")
            .ChangesState();

    public static Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        OrderActionRunner.RunAsync<Ok<OrderResponse>>(id, db, http, async order =>
        {
            var now = time.GetUtcNow();
            var cancelled = order.Cancel(Caller.Id(http), now);
            if (cancelled.IsFailure)
            {
                return cancelled.Error.ToProblem();
            }

            await OrderStock.ReleaseAsync(db, order, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return db.Updated(http, order);
        }, cancellationToken);
}
