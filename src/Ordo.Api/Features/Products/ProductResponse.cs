using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Products;

namespace Ordo.Api.Features.Products;

public sealed record ProductResponse(
    Guid Id,
    string Sku,
    string Name,
    string? Description,
    MoneyDto UnitPrice,
    [property: ClosedSet(typeof(ProductStatus))] string Status,
    int StockOnHand,
    int StockReserved,
    int StockAvailable,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ProductResponse From(Product product) => new(
        product.Id,
        product.Sku.Value,
        product.Name,
        product.Description,
        MoneyDto.From(product.UnitPrice),
        StateNames.Of(product.Status),
        product.StockOnHand,
        product.StockReserved,
        product.StockAvailable,
        product.Metadata,
        product.CreatedAt,
        product.UpdatedAt);
}

public sealed record StockMovementResponse(
    Guid Id,
    Guid ProductId,
    [property: ClosedSet(typeof(StockMovementKind))] string Kind,
    int Quantity,
    string? Reason,
    Guid? OrderId,
    DateTimeOffset OccurredAt)
{
    public static StockMovementResponse From(StockMovement movement) => new(
        movement.Id,
        movement.ProductId,
        StateNames.Of(movement.Kind),
        movement.Quantity,
        movement.Reason,
        movement.OrderId,
        movement.OccurredAt);
}
