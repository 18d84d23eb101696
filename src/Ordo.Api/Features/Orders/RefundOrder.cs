using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
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

    public static Task<Results<Created<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        RefundOrderRequest request,
        OrdoDbContext db,
        TimeProvider time,
        OrderPolicy policy,
        ILoggerFactory loggers,
        HttpContext http,
        CancellationToken cancellationToken) =>
        OrderActionRunner.RunAsync<Created<OrderResponse>>(id, db, http, async order =>
        {
            var amount = request.Amount.ToMoney();
            if (amount.IsFailure)
            {
                return amount.Error.ToProblem();
            }

            var allowance = AccessRules.RefundAllowanceOf(CallerAccess.Required(http), policy);
            var refunded = order.Refund(amount.Value, request.Reason, Caller.Id(http), allowance, time.GetUtcNow());
            if (refunded.IsFailure)
            {
                return OrderRefusals.Problem(refunded.Error, AccessRules.RefundLimitRule, http, loggers, order.Id);
            }

            await db.SaveChangesAsync(cancellationToken);
            return db.Created(http, order, GetRefund.UrlOf(order, refunded.Value));
        }, cancellationToken);
}
