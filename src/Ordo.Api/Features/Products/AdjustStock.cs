using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

/// <param name="Kind"><c>receipt</c> (goods arrived, quantity &gt; 0) or <c>adjustment</c> (count correction, signed).</param>
public sealed record StockAdjustmentRequest(
    [property: AllowedValues("receipt", "adjustment")] string Kind,
    [property: Range(int.MinValue, int.MaxValue)] int Quantity,
    [property: MaxLength(Product.MaxReasonLength)] string Reason);

public static class AdjustStock
{
    public static RouteHandlerBuilder MapAdjustStock(this IEndpointRouteBuilder products) =>
        products.MapPost("/{id:guid}/stock-adjustments", HandleAsync)
            .WithName("AdjustStock")
            .WithRequestExample("""{"kind": "receipt", "quantity": 40, "reason": "Delivery note 1182"}""")
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.StockAdjust)
            .WithSummary("Receive or correct stock")
            .WithDescription("Records a stock movement: `receipt` adds `quantity` to on hand; `adjustment` adds a signed `quantity` (on hand can't drop below reserved).")
            .ChangesState();

    public static async Task<Results<Created<StockMovementResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, StockAdjustmentRequest request, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.Kind is not ("receipt" or "adjustment"))
        {
            return new RequestErrors().Add("$.kind", "The kind must be 'receipt' or 'adjustment'.").ToProblem();
        }

        var product = await db.FindForChangeAsync(id, cancellationToken);
        if (product is null)
        {
            return DomainProblems.NotFound("product");
        }

        if (ETags.CheckIfMatch(http.Request, Versioning.Of(db, product), required: false) is { } precondition)
        {
            return precondition;
        }

        var now = time.GetUtcNow();
        Result<Ordo.Domain.Products.StockMovement> moved = request.Kind == "receipt"
            ? product.ReceiveStock(request.Quantity, request.Reason, now)
            : product.AdjustStock(request.Quantity, request.Reason, now);
        if (moved.IsFailure)
        {
            return moved.Error.ToProblem();
        }

        db.StockMovements.Add(moved.Value);
        await db.SaveChangesAsync(cancellationToken);
        ETags.Set(http, Versioning.Of(db, product));
        return TypedResults.Created(
            $"/api/v1/products/{id}/stock-movements/{moved.Value.Id}", StockMovementResponse.From(moved.Value));
    }
}
