using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
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
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.OrdersRefund)
            .WithSummary("Refund part or all of the payment")
            .WithDescription("Records a refund; refunds never total more than was paid (422 `refund_exceeds_paid_amount`). A single refund above the configured limit (`Auth:RefundLimitMinor`) needs `orders.refund.unlimited` (else 403 `refund_limit_exceeded`). Requires `Idempotency-Key`. Answers 201 with the updated order.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ChangesState(idempotencyKeyRequired: true);

    public static Task<Results<Created<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        RefundOrderRequest request,
        OrdoDbContext db,
        TimeProvider time,
        IOptions<AuthOptions> auth,
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

            var caller = CallerAccess.Required(http);
            var limit = auth.Value.RefundLimitMinor;
            if (!AccessRules.CanRefund(caller, amount.Value, limit))
            {
                AuthorizationLog.RuleDenied(loggers.CreateLogger(AuthorizationLog.Category), AccessRules.RefundLimitRule, caller.SubjectId, order.Id);
                return DomainProblems.Problem(
                    StatusCodes.Status403Forbidden,
                    "refund_limit_exceeded",
                    $"A single refund above {limit} minor units needs the '{Permissions.OrdersRefundUnlimited}' permission.",
                    new Dictionary<string, object?> { ["limitMinor"] = limit });
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
