using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

internal static class ProductQueries
{
    /// <summary>Loads a product for change, tracked, with the version its ETag came from.</summary>
    /// <summary>
    /// The product a change will write, locked first on PostgreSQL (<c>FOR UPDATE</c>): every writer takes the product row
    /// before the audit chain head its save locks, as orders do, so a stock receipt and an order for the same product
    /// can't each hold what the other waits for (a deadlock, aborted as a 500).
    /// </summary>
    public static async Task<Product?> FindForChangeAsync(this OrdoDbContext db, Guid id, CancellationToken cancellationToken)
    {
        if (!db.IsSqlite)
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM products WHERE id = {id} FOR UPDATE", cancellationToken);
        }

        return await db.Products.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    public static async Task<(Product Product, long Version)?> FindForReadAsync(this OrdoDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Products.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new { Product = p, Version = EF.Property<long>(p, Versioning.Property) })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Product, row.Version);
    }

    /// <summary>A changed product as REST answers it: 200 with the representation and its new ETag.</summary>
    public static Ok<ProductResponse> Answered(this OrdoDbContext db, HttpContext http, Product product)
    {
        ETags.Set(http, Versioning.Of(db, product));
        return TypedResults.Ok(ProductResponse.From(product));
    }
}
