using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Orders;
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
            .WithDescription("Cancels a pending order, or an open one before anything shipped. Cancelling a paid order refunds what is left of its payment, which is a refund like any other: it needs `orders.refund` and counts towards the caller's refund limit on the order (403 `refund_not_permitted` or `refund_limit_exceeded`, logged); customers cancel only unpaid orders. Reserved stock is released.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ChangesState();

    public static Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        OrdoDbContext db,
        TimeProvider time,
        OrderPolicy policy,
        ILoggerFactory loggers,
        HttpContext http,
        CancellationToken cancellationToken) =>
        OrderActionRunner.RunAsync<Ok<OrderResponse>>(id, db, http, async order =>
        {
            var now = time.GetUtcNow();
            var cancelled = order.Cancel(Caller.Id(http), AccessRules.RefundAllowanceOf(CallerAccess.Required(http), policy), now);
            if (cancelled.IsFailure)
            {
                return OrderRefusals.Problem(cancelled.Error, AccessRules.RefundLimitRule, http, loggers, order.Id);
            }

            db.StockMovements.AddRange(StockReservations.Release(order, await OrderRowLocks.LockProductsAsync(db, StockReservations.ProductsOf(order), cancellationToken), now));
            await db.SaveChangesAsync(cancellationToken);
            return db.Updated(http, order);
        }, cancellationToken);
}
