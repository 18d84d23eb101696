using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public sealed record PayOrderRequest(MoneyDto Amount, [property: MaxLength(Order.MaxPaymentReferenceLength)] string ExternalReference);

public static class PayOrder
{
    public static RouteHandlerBuilder MapPayOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/{id:guid}/payment", HandleAsync)
            .WithName("PayOrder")
            .WithRequestExample("""{"amount": {"amount": 4493, "currency": "EUR"}, "externalReference": "pi_3PqK2aLkdIwHu7ix0"}""")
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.OrdersPay)
            .WithSummary("Record the payment")
            .WithDescription("Records the provider-confirmed payment; the amount must equal the order total (422 otherwise). Requires `Idempotency-Key`. The order becomes `open`. From the order's `paymentDueAt` on it can no longer be paid (409 `payment_window_closed`), even while `allowedActions` still lists `pay` until the expiry job expires it.")
            .ChangesState(idempotencyKeyRequired: true);

    /// <summary>The use case: records the payment on the order the caller may change.</summary>
    public static async Task<Result<Order>> ExecuteAsync(
        Guid id, string? ifMatch, PayOrderRequest request, CallerAccess caller, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
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

        var paid = order.Pay(amount.Value, request.ExternalReference, caller.SubjectId, time.GetUtcNow());
        if (paid.IsFailure)
        {
            return paid.Error;
        }

        await db.SaveChangesAsync(cancellationToken);
        return order;
    }

    /// <summary>The REST adapter: 200 with the order and its new ETag.</summary>
    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, PayOrderRequest request, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), request, CallerAccess.Required(http), db, time, cancellationToken))
            .ToHttp(order => db.Updated(http, order));
}
