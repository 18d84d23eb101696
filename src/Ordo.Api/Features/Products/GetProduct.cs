using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Api.Infrastructure.SharedState;
using Ordo.Persistence;
using ZiggyCreatures.Caching.Fusion;

namespace Ordo.Api.Features.Products;

/// <summary>A trivial read: one handler, and its (cached) query in <see cref="FindAsync"/> for the other transports.</summary>
public static class GetProduct
{
    public static RouteHandlerBuilder MapGetProduct(this IEndpointRouteBuilder products) =>
        products.MapGet("/{id:guid}", HandleAsync)
            .WithName("GetProduct")
            .SendsETag()
            .RequirePermission(Permissions.CatalogRead)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a product")
            .WithDescription("Returns the product with a strong `ETag`; `If-None-Match` with the current ETag answers 304.");

    public static async Task<Results<Ok<ProductResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, IFusionCache cache, CacheEvictions evictions, HttpContext http, CancellationToken cancellationToken) =>
        ETags.Read(http, "product", await FindAsync(id, db, cache, evictions, cancellationToken), product => product.Version, product => product.Product);

    /// <summary>The product and its version, from the cache or the database; null when no product has this id.</summary>
    public static ValueTask<CachedProduct?> FindAsync(
        Guid id, OrdoDbContext db, IFusionCache cache, CacheEvictions evictions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(evictions);
        // CatalogueCacheInvalidation drops the entry when a save touches the product.
        return cache.GetOrSetAsync<CachedProduct?>(
            CatalogueCacheInvalidation.ProductKey(id),
            (context, token) => evictions.LoadAsync(context, () => LoadAsync(db, id, context, token)),
            token: cancellationToken);
    }

    private static async Task<CachedProduct?> LoadAsync(
        OrdoDbContext db, Guid id, FusionCacheFactoryExecutionContext<CachedProduct?> context, CancellationToken cancellationToken)
    {
        if (await db.FindForReadAsync(id, cancellationToken) is not { } row)
        {
            // Not cached: ids are anyone's to make up, and a cache full of misses is memory spent on nothing.
            CacheEvictions.DoNotCache(context);
            return null;
        }

        return new CachedProduct(ProductResponse.From(row.Product), row.Version);
    }

    /// <summary>A product's representation with the version its ETag comes from.</summary>
    public sealed record CachedProduct(ProductResponse Product, long Version);
}
