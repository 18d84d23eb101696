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

/// <summary>A stock movement recorded, and the product it moved.</summary>
public sealed record StockAdjusted(Product Product, StockMovement Movement);

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

    /// <summary>The use case: records a receipt or a signed adjustment of the product's stock on hand.</summary>
    public static async Task<Result<StockAdjusted>> ExecuteAsync(
        Guid id, string? ifMatch, StockAdjustmentRequest request, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        if (request.Kind is not ("receipt" or "adjustment"))
        {
            return new RequestErrors().Add("$.kind", "The kind must be 'receipt' or 'adjustment'.").ToError();
        }

        var product = await db.FindForChangeAsync(id, cancellationToken);
        if (product is null)
        {
            return HttpErrors.NotFoundWithId("product");
        }

        if (ETags.CheckIfMatch(ifMatch, Versioning.Of(db, product), required: false) is { } precondition)
        {
            return precondition;
        }

        var now = time.GetUtcNow();
        var moved = request.Kind == "receipt"
            ? product.ReceiveStock(request.Quantity, request.Reason, now)
            : product.AdjustStock(request.Quantity, request.Reason, now);
        if (moved.IsFailure)
        {
            return moved.Error;
        }

        db.StockMovements.Add(moved.Value);
        await db.SaveChangesAsync(cancellationToken);
        return new StockAdjusted(product, moved.Value);
    }

    /// <summary>The REST adapter: 201 with the movement, its address and the product's new ETag.</summary>
    public static async Task<Results<Created<StockMovementResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, StockAdjustmentRequest request, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), request, db, time, cancellationToken))
            .ToHttp(adjusted =>
            {
                ETags.Set(http, Versioning.Of(db, adjusted.Product));
                return TypedResults.Created(
                    $"/api/v1/products/{id}/stock-movements/{adjusted.Movement.Id}", StockMovementResponse.From(adjusted.Movement));
            });
}
