using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public static class ListOrders
{
    public static RouteHandlerBuilder MapListOrders(this IEndpointRouteBuilder orders) =>
        orders.MapGet("/", HandleAsync)
            .WithName("ListOrders")
            .RequirePermission(Permissions.OrdersRead)
            .WithSummary("List orders")
            .WithDescription("Keyset-paginated (no total count). Filters: `status` (repeat or comma-separate), `customerId`, `createdFrom`, `createdTo`, `updatedFrom`, `updatedTo`, `minTotal`, `maxTotal` (minor units), `q` (order number, or customer email with `customers.pii`); `sort` = `createdAt`, `-createdAt` (default), `updatedAt`, `-updatedAt`, `total`, `-total`. To sync changes without webhooks, poll `sort=updatedAt&updatedFrom=<the last updatedAt you processed, minus a minute>` and follow the pages: `updatedAt` is taken when a change starts and becomes visible when it commits, so a minute of overlap catches changes that committed late; skip orders whose `updatedAt` you have already processed. Unknown parameters or values answer 400.")
            .ListsPages(OrderFilters.Documentation);

    /// <summary>
    /// The use case: one page of the orders the caller may see that match the <paramref name="filters"/>, after the
    /// <paramref name="cursor"/>'s keys when given; one row more than the limit tells whether another page follows.
    /// </summary>
    internal static async Task<Result<List<Order>>> ExecuteAsync(
        OrderFilters filters, IReadOnlyList<string>? cursor, CallerAccess caller, OrdoDbContext db, CancellationToken cancellationToken)
    {
        if (filters.RefusalFor(caller) is { } refused)
        {
            return refused;
        }

        var orders = filters.Apply(db).VisibleTo(caller);
        if (cursor is not null)
        {
            orders = filters.After(db, orders, cursor);
        }

        return await orders.Take(filters.Query.Limit + 1).ToListAsync(cancellationToken);
    }

    /// <summary>The REST adapter: reads the filters from the query string and answers the page with its links.</summary>
    public static async Task<Results<Ok<Page<OrderSummaryResponse>>, ProblemHttpResult>> HandleAsync(
        OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var filters = OrderFilters.Read(http.Request, "orders");
        var cursor = filters.Query.CursorKeys(2, OrderFilters.IsValidCursor);
        if (filters.Query.HasErrors)
        {
            return filters.Query.Errors.ToProblem();
        }

        return (await ExecuteAsync(filters, cursor, CallerAccess.Required(http), db, cancellationToken)).ToHttp(rows => TypedResults.Ok(Paging.Respond(
            http, rows.Select(OrderSummaryResponse.From).ToList(), filters.Query.Limit, filters.CursorOf, filters.Query.Scope)));
    }
}
