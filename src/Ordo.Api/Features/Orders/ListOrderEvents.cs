using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public static class ListOrderEvents
{
    public static RouteHandlerBuilder MapListOrderEvents(this IEndpointRouteBuilder orders) =>
        orders.MapGet("/{id:guid}/events", HandleAsync)
            .WithName("ListOrderEvents")
            .RequirePermission(Permissions.OrdersRead)
            .WithSummary("An order's timeline")
            .WithDescription("Every change to the order, oldest first (type, time, actor, data; money in `data` is `{ amount, currency }` like everywhere else), cursor-paginated. Customers see the actor only as `customer`, `staff` or `system`, and no internal data (payment reference, refund reason).")
            .ListsPages();

    public static async Task<Results<Ok<Page<OrderEventResponse>>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, $"order-events:{id}");
        var afterSequence = query.CursorPosition();
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        var currency = await db.Orders.Where(o => o.Id == id).VisibleTo(http).Select(o => o.Currency).FirstOrDefaultAsync(cancellationToken);
        if (currency is null)
        {
            return DomainProblems.NotFound("order");
        }

        var events = db.OrderEvents.AsNoTracking().Where(e => e.OrderId == id);
        if (afterSequence is { } cursorSequence)
        {
            events = events.Where(e => e.Sequence > cursorSequence);
        }

        var rows = await events.OrderBy(e => e.Sequence).Take(query.Limit + 1).ToListAsync(cancellationToken);
        var caller = CallerAccess.Required(http);
        var page = rows.Select(e => OrderEventResponse.For(e, currency, caller)).ToList();
        return TypedResults.Ok(Paging.Respond(
            http, page, query.Limit, e => [e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)], query.Scope));
    }
}
