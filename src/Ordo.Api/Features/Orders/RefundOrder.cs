using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public sealed record RefundOrderRequest(MoneyDto Amount, string Reason);

public static class RefundOrder
{
    public static RouteHandlerBuilder MapRefundOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/{id:guid}/refunds", HandleAsync)
            .WithName("RefundOrder")
            .WithSummary("Refund part or all of the payment")
            .WithDescription("Records a refund; refunds never total more than was paid (422 `refund_exceeds_paid_amount`). Requires `Idempotency-Key`. Answers 201 with the updated order.")
            .ChangesState(idempotencyKeyRequired: true);

    public static Task<Results<Created<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, RefundOrderRequest request, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        OrderActionRunner.RunAsync<Created<OrderResponse>>(id, db, http, async order =>
        {
            var amount = request.Amount.ToMoney();
            if (amount.IsFailure)
            {
                return amount.Error.ToProblem();
            }

            var refunded = order.Refund(amount.Value, request.Reason, Caller.Id(http), time.GetUtcNow());
            if (refunded.IsFailure)
            {
                return refunded.Error.ToProblem();
            }

            await db.SaveChangesAsync(cancellationToken);
            return db.Created(http, order);
        }, cancellationToken);
}
