using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
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

    public static async Task<Results<Ok<OrderResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var order = await db.ReadOrderDetailsAsync(id, cancellationToken);
        var visible = order is not null && AccessRules.CanAccess(CallerAccess.Required(http), order.CustomerId) ? order : null;
        return ETags.Read(http, "order", visible, found => found.Version, found => found.Response.AsSeenBy(http));
    }
}
