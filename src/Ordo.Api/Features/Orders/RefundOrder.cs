using System.ComponentModel.DataAnnotations;
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

public sealed record RefundOrderRequest(MoneyDto Amount, [property: MaxLength(Order.MaxReasonLength)] string Reason);

public static class RefundOrder
{
    public static RouteHandlerBuilder MapRefundOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/{id:guid}/refunds", HandleAsync)
            .WithName("RefundOrder")
            .WithRequestExample("""{"amount": {"amount": 1999, "currency": "EUR"}, "reason": "Arrived broken"}""")
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.OrdersRefund)
            .WithSummary("Refund part or all of the payment")
            .WithDescription("Records a refund; refunds never total more than was paid (422 `refund_exceeds_paid_amount`). What one caller refunds on one order, cancellation refunds included, may add up to the refund limit of the order's currency (`Orders:Currencies:{code}:RefundLimit`); beyond it the caller needs `orders.refund.unlimited` (else 403 `refund_limit_exceeded`, logged). Requires `Idempotency-Key`. Answers 201 with the updated order; `Location` is the new refund's URL (`/api/v1/orders/{id}/refunds/{refundId}`), whose last segment is its id in the order's `refunds`.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ChangesState(idempotencyKeyRequired: true);

    /// <summary>The use case: refunds part of the payment of the order the caller may change; a refused refund is logged.</summary>
    public static async Task<Result<(Order Order, Refund Refund)>> ExecuteAsync(
        Guid id,
        string? ifMatch,
        RefundOrderRequest request,
        CallerAccess caller,
        OrdoDbContext db,
        TimeProvider time,
        OrderPolicy policy,
        ILoggerFactory loggers,
        AuditTrail audit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(time);
        var taken = await db.TakeForChangeAsync(id, ifMatch, caller, cancellationToken);
        if (taken.IsFailure)
        {
            return taken.Error;
        }

        var order = taken.Value;
        var amount = request.Amount.ToMoney();
        if (amount.IsFailure)
        {
            return amount.Error;
        }

        var allowance = AccessRules.RefundAllowanceOf(caller, policy);
        var refunded = order.Refund(amount.Value, request.Reason, caller.SubjectId, allowance, time.GetUtcNow());
        if (refunded.IsFailure)
        {
            return await OrderRefusals.LoggedAsync(refunded.Error, AccessRules.RefundLimitRule, caller, loggers, audit, AuditResources.Order, order.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (order, refunded.Value);
    }

    /// <summary>The REST adapter: 201 with the order and its new ETag; <c>Location</c> is the refund's.</summary>
    public static async Task<Results<Created<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        RefundOrderRequest request,
        OrdoDbContext db,
        TimeProvider time,
        OrderPolicy policy,
        ILoggerFactory loggers,
        AuditTrail audit,
        HttpContext http,
        CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), request, CallerAccess.Required(http), db, time, policy, loggers, audit, cancellationToken))
            .ToHttp(done => db.Created(http, done.Order, GetRefund.UrlOf(done.Order, done.Refund)));
}
