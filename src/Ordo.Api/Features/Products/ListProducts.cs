using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

/// <summary>Which products a list shows: each filter is optional; <see cref="After"/> is the cursor's last id.</summary>
/// <param name="Text">Name contains (ignoring case, lower-cased by the caller), or the exact SKU.</param>
public sealed record ProductFilter(string? Text, IReadOnlyCollection<ProductStatus> Statuses, Sku? Sku, Guid? After, int Limit);

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

    /// <summary>The use case: the products the filter selects, oldest first, up to one more than its limit (that one says a next page exists).</summary>
    public static async Task<IReadOnlyList<Product>> ExecuteAsync(ProductFilter filter, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(db);
        var products = db.Products.AsNoTracking();
        if (filter.Text is { } text)
        {
            // SKUs are codes, matched whole; names match anywhere, ignoring case (lower() LIKE in SQL).
            var asSku = Sku.Create(text);
            var skuMatch = asSku.IsSuccess ? asSku.Value : null;
#pragma warning disable CA1862, CA1304, CA1311 // translated to SQL lower(), which no .NET culture or comparison reaches
            products = products.Where(p => p.Name.ToLower().Contains(text) || p.Sku == skuMatch);
#pragma warning restore CA1862, CA1304, CA1311
        }

        if (filter.Statuses.Count > 0)
        {
            var wanted = filter.Statuses.ToList();
            products = products.Where(p => wanted.Contains(p.Status));
        }

        if (filter.Sku is { } sku)
        {
            products = products.Where(p => p.Sku == sku);
        }

        if (filter.After is { } cursorId)
        {
            products = products.Where(p => p.Id.CompareTo(cursorId) > 0);
        }

        return await products.OrderBy(p => p.Id).Take(filter.Limit + 1).ToListAsync(cancellationToken);
    }

    /// <summary>The REST adapter: reads the filter from the query string and answers a page with its links.</summary>
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

        var filter = new ProductFilter(
            text, [.. statuses.Select(s => s == "active" ? ProductStatus.Active : ProductStatus.Archived)], sku, afterId, query.Limit);
        var rows = await ExecuteAsync(filter, db, cancellationToken);
        return TypedResults.Ok(Paging.Respond(
            http, rows.Select(ProductResponse.From).ToList(), query.Limit, p => [p.Id.ToString()], query.Scope));
    }
}
