using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

public static class ArchiveProduct
{
    public static RouteHandlerBuilder MapArchiveProduct(this IEndpointRouteBuilder products) =>
        products.MapPost("/{id:guid}/archive", HandleAsync)
            .WithName("ArchiveProduct")
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.CatalogWrite)
            .WithSummary("Archive a product")
            .WithDescription("Archived products can't be ordered; existing orders keep working. Archiving twice is harmless.")
            .ChangesState();

    /// <summary>The use case: archives the product (unless <paramref name="ifMatch"/> names another version).</summary>
    public static async Task<Result<Product>> ExecuteAsync(
        Guid id, string? ifMatch, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var product = await db.FindForChangeAsync(id, cancellationToken);
        if (product is null)
        {
            return HttpErrors.NotFoundWithId("product");
        }

        if (ETags.CheckIfMatch(ifMatch, Versioning.Of(db, product), required: false) is { } precondition)
        {
            return precondition;
        }

        product.Archive(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return product;
    }

    /// <summary>The REST adapter: the archived product with its new ETag.</summary>
    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), db, time, cancellationToken))
            .ToHttp(product => db.Answered(http, product));
}
