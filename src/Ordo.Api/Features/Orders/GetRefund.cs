using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>One refund of an order: what the 201 of <see cref="RefundOrder"/> points at.</summary>
public static class GetRefund
{
    public static string UrlOf(Order order, Refund refund)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(refund);
        return $"{OrderAnswers.UrlOf(order)}/refunds/{refund.Id}";
    }

    public static RouteHandlerBuilder MapGetRefund(this IEndpointRouteBuilder orders) =>
        orders.MapGet("/{id:guid}/refunds/{refundId:guid}", HandleAsync)
            .WithName("GetRefund")
            .RequirePermission(Permissions.OrdersRead)
            .WithSummary("Get one refund of an order")
            .WithDescription("One refund of the order. The `Location` that refunding an order answers with. Customers get it without internal fields: `reason` and `actor` are null.");

    /// <summary>The use case (one query): the refund, if the caller may see its order.</summary>
    public static async Task<Result<Refund>> ExecuteAsync(Guid id, Guid refundId, CallerAccess caller, OrdoDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.FindVisibleOrderAsync(id, caller, cancellationToken);
        if (order is null)
        {
            return HttpErrors.NotFoundWithId("order");
        }

        return order.Refunds.SingleOrDefault(found => found.Id == refundId) is { } refund ? refund : HttpErrors.NotFoundWithId("refund");
    }

    /// <summary>The REST adapter: the refund as the caller may see it.</summary>
    public static async Task<Results<Ok<RefundResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, Guid refundId, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, refundId, CallerAccess.Required(http), db, cancellationToken))
            .ToHttp(refund => TypedResults.Ok(RefundResponse.From(refund).AsSeenBy(http)));
}
