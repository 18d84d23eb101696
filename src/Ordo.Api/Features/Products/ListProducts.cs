using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

public static class ListProducts
{
    private static readonly string[] Statuses = ["active", "archived"];

    public static RouteHandlerBuilder MapListProducts(this IEndpointRouteBuilder products) =>
        products.MapGet("/", HandleAsync)
            .WithName("ListProducts")
            .RequirePermission(Permissions.CatalogRead)
            .WithSummary("List products")
            .WithDescription("Cursor-paginated, oldest first. Filters: `q` (name contains, or the exact SKU), `status` (active, archived; repeat or comma-separate), `sku` (exact). Follow `nextCursor` or the `Link` header.")
            .ListsPages(
                new("q", "Name contains (ignoring case), or the exact SKU.", Example: "mug"),
                new("status", "active, archived; repeat or comma-separate.", Example: "active", Enum: Statuses, Many: true),
                new("sku", "Exact SKU.", Example: "MUG-BLUE", MaxLength: Sku.MaxLength));

    public static async Task<Results<Ok<Page<ProductResponse>>, ProblemHttpResult>> HandleAsync(
        OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, "products", "q", "status", "sku");
        var text = query.SearchText("q");
        var statuses = query.Many("status", Statuses);
        var skuText = query.Text("sku");
        var afterId = query.CursorId();
        Sku? sku = null;
        if (skuText is not null)
        {
            var parsed = Sku.Create(skuText);
            if (parsed.IsFailure)
            {
                query.Errors.Add("sku", parsed.Error.Message);
            }
            else
            {
                sku = parsed.Value;
            }
        }

        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        var products = db.Products.AsNoTracking();
        if (text is not null)
        {
            // SKUs are codes, matched whole; names match anywhere, ignoring case (lower() LIKE in SQL).
            var asSku = Sku.Create(text);
            var skuMatch = asSku.IsSuccess ? asSku.Value : null;
#pragma warning disable CA1862, CA1304, CA1311 // translated to SQL lower(), which no .NET culture or comparison reaches
            products = products.Where(p => p.Name.ToLower().Contains(text) || p.Sku == skuMatch);
#pragma warning restore CA1862, CA1304, CA1311
        }

        if (statuses.Count > 0)
        {
            var wanted = statuses.Select(s => s == "active" ? ProductStatus.Active : ProductStatus.Archived).ToList();
            products = products.Where(p => wanted.Contains(p.Status));
        }

        if (sku is not null)
        {
            products = products.Where(p => p.Sku == sku);
        }

        if (afterId is { } cursorId)
        {
            products = products.Where(p => p.Id.CompareTo(cursorId) > 0);
        }

        var rows = await products.OrderBy(p => p.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.Respond(
            http, rows.Select(ProductResponse.From).ToList(), query.Limit, p => [p.Id.ToString()], query.Scope));
    }
}
