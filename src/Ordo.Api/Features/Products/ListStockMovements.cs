using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

/// <summary>A product's stock ledger: the list (a use case, since the product must exist) and one movement (a trivial read).</summary>
public static class ListStockMovements
{
    public static RouteHandlerBuilder MapListStockMovements(this IEndpointRouteBuilder products) =>
        products.MapGet("/{id:guid}/stock-movements", HandleAsync)
            .WithName("ListStockMovements")
            .RequirePermission(Permissions.StockAdjust)
            .WithSummary("List a product's stock movements")
            .WithDescription("The stock ledger, oldest first, cursor-paginated: every receipt, adjustment, reservation, release and shipment.")
            .ListsPages();

    public static RouteHandlerBuilder MapGetStockMovement(this IEndpointRouteBuilder products) =>
        products.MapGet("/{id:guid}/stock-movements/{movementId:guid}", GetAsync)
            .WithName("GetStockMovement")
            .RequirePermission(Permissions.StockAdjust)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .SendsETag()
            .WithSummary("Get one stock movement");

    /// <summary>
    /// The use case: the product's movements after the cursor's <paramref name="after"/>, oldest first, up to one more
    /// than <paramref name="limit"/> (that one says a next page exists); not found when no product has this id.
    /// </summary>
    public static async Task<Result<IReadOnlyList<StockMovement>>> ExecuteAsync(
        Guid id, Guid? after, int limit, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Products.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return HttpErrors.NotFoundWithId("product");
        }

        var movements = db.StockMovements.AsNoTracking().Where(m => m.ProductId == id);
        if (after is { } cursorId)
        {
            movements = movements.Where(m => m.Id.CompareTo(cursorId) > 0);
        }

        return Result.Success<IReadOnlyList<StockMovement>>(await movements.OrderBy(m => m.Id).Take(limit + 1).ToListAsync(cancellationToken));
    }

    /// <summary>The REST adapter of the list: reads the cursor and limit, answers a page with its links.</summary>
    public static async Task<Results<Ok<Page<StockMovementResponse>>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, $"stock-movements:{id}");
        var afterId = query.CursorId();
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        return (await ExecuteAsync(id, afterId, query.Limit, db, cancellationToken))
            .ToHttp(rows => TypedResults.Ok(Paging.Respond(
                http, rows.Select(StockMovementResponse.From).ToList(), query.Limit, m => [m.Id.ToString()], query.Scope)));
    }

    /// <summary>One movement of the product's ledger, or null: the query of <see cref="GetAsync"/> for the other transports.</summary>
    public static Task<StockMovement?> FindAsync(Guid id, Guid movementId, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.StockMovements.AsNoTracking().SingleOrDefaultAsync(m => m.ProductId == id && m.Id == movementId, cancellationToken);
    }

    public static async Task<Results<Ok<StockMovementResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, Guid movementId, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, movementId, db, cancellationToken) is not { } movement)
        {
            return DomainProblems.NotFound("stock movement");
        }

        var response = StockMovementResponse.From(movement);
        return ETags.NotModified(http, response) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(response);
    }
}
