using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

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
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var found = await db.FindForReadAsync(id, cancellationToken);
        if (found is not { } row)
        {
            return DomainProblems.NotFound("product");
        }

        ETags.Set(http, row.Version);
        return ETags.IfNoneMatchHits(http.Request, row.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(ProductResponse.From(row.Product));
    }
}
