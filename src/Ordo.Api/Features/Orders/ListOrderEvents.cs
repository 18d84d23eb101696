using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
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

    /// <summary>
    /// The use case: the currency of the order (its events' money is in it) and up to <paramref name="take"/> of its
    /// events after <paramref name="afterSequence"/>, oldest first, if the caller may see the order.
    /// </summary>
    public static async Task<Result<(string Currency, List<OrderEvent> Events)>> ExecuteAsync(
        Guid id, int? afterSequence, int take, CallerAccess caller, OrdoDbContext db, CancellationToken cancellationToken)
    {
        var currency = await db.Orders.Where(o => o.Id == id).VisibleTo(caller).Select(o => o.Currency).FirstOrDefaultAsync(cancellationToken);
        if (currency is null)
        {
            return HttpErrors.NotFoundWithId("order");
        }

        var events = db.OrderEvents.AsNoTracking().Where(e => e.OrderId == id);
        if (afterSequence is { } cursorSequence)
        {
            events = events.Where(e => e.Sequence > cursorSequence);
        }

        return (currency, await events.OrderBy(e => e.Sequence).Take(take).ToListAsync(cancellationToken));
    }

    /// <summary>The REST adapter: the page of events as the caller may see them, with its links.</summary>
    public static async Task<Results<Ok<Page<OrderEventResponse>>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, $"order-events:{id}");
        var afterSequence = query.CursorPosition();
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        var caller = CallerAccess.Required(http);
        return (await ExecuteAsync(id, afterSequence, query.Limit + 1, caller, db, cancellationToken)).ToHttp(found => TypedResults.Ok(Paging.Respond(
            http,
            found.Events.Select(e => OrderEventResponse.For(e, found.Currency, caller)).ToList(),
            query.Limit,
            e => [e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            query.Scope)));
    }
}
