using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
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

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var product = await db.FindForChangeAsync(id, cancellationToken);
        if (product is null)
        {
            return DomainProblems.NotFound("product");
        }

        if (ETags.CheckIfMatch(http.Request, Versioning.Of(db, product), required: false) is { } precondition)
        {
            return precondition;
        }

        product.Archive(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        ETags.Set(http, Versioning.Of(db, product));
        return TypedResults.Ok(ProductResponse.From(product));
    }
}
