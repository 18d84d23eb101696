using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Products;

namespace Ordo.Api.Features.Products;

public sealed record StockMovementResponse(
    Guid Id,
    Guid ProductId,
    [property: ClosedSet(typeof(StockMovementKind))] string Kind,
    int Quantity,
    string? Reason,
    Guid? OrderId,
    DateTimeOffset OccurredAt) : IHasExample<StockMovementResponse>
{
    public static StockMovementResponse Example => new(Guid.Parse("019ac4a3-1111-7d2e-8f3a-4b5c6d7e8f90"), ExampleValues.ProductId, "receipt", 40, "Delivery note 1182", null, ExampleValues.At);

    public static StockMovementResponse From(StockMovement movement) => new(
        movement.Id,
        movement.ProductId,
        StateNames.Of(movement.Kind),
        movement.Quantity,
        movement.Reason,
        movement.OrderId,
        movement.OccurredAt);
}
