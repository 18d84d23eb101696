using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
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

    /// <summary>The use case: cancels the order the caller may change and releases its stock; a refused refund is logged.</summary>
    public static async Task<Result<Order>> ExecuteAsync(
        Guid id,
        string? ifMatch,
        CallerAccess caller,
        OrdoDbContext db,
        TimeProvider time,
        OrderPolicy policy,
        ILoggerFactory loggers,
        AuditTrail audit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var taken = await db.TakeForChangeAsync(id, ifMatch, caller, cancellationToken);
        if (taken.IsFailure)
        {
            return taken.Error;
        }

        var order = taken.Value;
        var now = time.GetUtcNow();
        var cancelled = order.Cancel(caller.SubjectId, AccessRules.RefundAllowanceOf(caller, policy), now);
        if (cancelled.IsFailure)
        {
            return await OrderRefusals.LoggedAsync(cancelled.Error, AccessRules.RefundLimitRule, caller, loggers, audit, AuditResources.Order, order.Id);
        }

        var products = await OrderRowLocks.LockProductsAsync(db, StockReservations.ProductsOf(order), cancellationToken);
        db.StockMovements.AddRange(StockReservations.Release(order, products, now));
        await db.SaveChangesAsync(cancellationToken);
        return order;
    }

    /// <summary>The REST adapter: 200 with the order and its new ETag.</summary>
    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        OrdoDbContext db,
        TimeProvider time,
        OrderPolicy policy,
        ILoggerFactory loggers,
        AuditTrail audit,
        HttpContext http,
        CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), CallerAccess.Required(http), db, time, policy, loggers, audit, cancellationToken))
            .ToHttp(order => db.Updated(http, order));
}
