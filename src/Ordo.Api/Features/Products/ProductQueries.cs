using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

internal static class ProductQueries
{
    /// <summary>Loads a product for change, tracked, with the version its ETag came from.</summary>
    public static Task<Product?> FindForChangeAsync(this OrdoDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Products.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

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
