using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

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

    public static async Task<Results<Ok<Page<StockMovementResponse>>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, $"stock-movements:{id}");
        var afterId = query.CursorId();
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        if (!await db.Products.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return DomainProblems.NotFound("product");
        }

        var movements = db.StockMovements.AsNoTracking().Where(m => m.ProductId == id);
        if (afterId is { } cursorId)
        {
            movements = movements.Where(m => m.Id.CompareTo(cursorId) > 0);
        }

        var rows = await movements.OrderBy(m => m.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.Respond(
            http, rows.Select(StockMovementResponse.From).ToList(), query.Limit, m => [m.Id.ToString()], query.Scope));
    }

    public static async Task<Results<Ok<StockMovementResponse>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        Guid id, Guid movementId, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var movement = await db.StockMovements.AsNoTracking()
            .SingleOrDefaultAsync(m => m.ProductId == id && m.Id == movementId, cancellationToken);
        if (movement is null)
        {
            return DomainProblems.NotFound("stock movement");
        }

        var response = StockMovementResponse.From(movement);
        return ETags.NotModified(http, response) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(response);
    }
}
