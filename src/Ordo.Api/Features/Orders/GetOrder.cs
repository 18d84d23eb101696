using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public static class GetOrder
{
    public static RouteHandlerBuilder MapGetOrder(this IEndpointRouteBuilder orders) =>
        orders.MapGet("/{id:guid}", HandleAsync)
            .WithName("GetOrder")
            .SendsETag()
            .RequirePermission(Permissions.OrdersRead)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get an order")
            .WithDescription("The order with its lines, shipments, refunds and `allowedActions`, and a strong `ETag` (If-None-Match → 304). Customers get it without internal fields: `paymentReference` and each refund's `reason` and `actor` are null.");

    /// <summary>The use case (one query): the order's details with its version, if the caller may see it.</summary>
    internal static async Task<Result<OrderDetails>> ExecuteAsync(Guid id, CallerAccess caller, OrdoDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.ReadOrderDetailsAsync(id, cancellationToken);
        return order is not null && AccessRules.CanAccess(caller, order.CustomerId) ? order : HttpErrors.NotFoundWithId("order");
    }

    /// <summary>The REST adapter: the order as the caller may see it, with its ETag (304 when If-None-Match still matches).</summary>
    public static async Task<Results<Ok<OrderResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var found = await ExecuteAsync(id, CallerAccess.Required(http), db, cancellationToken);
        return found.IsFailure
            ? found.Error.ToProblem()
            : ETags.Read(http, "order", found.Value, order => order.Version, order => order.Response.AsSeenBy(http));
    }
}
