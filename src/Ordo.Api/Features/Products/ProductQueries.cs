using Microsoft.EntityFrameworkCore;
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
}
