using Ordo.Api.Http;
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
    DateTimeOffset UpdatedAt) : IHasExample<ProductResponse>
{
    public static ProductResponse Example => new(ExampleValues.ProductId, "MUG-BLUE", "Blue mug", "Stoneware, 300 ml", new MoneyDto(1999, "EUR"), "active", 25, 2, 23, new Dictionary<string, string> { ["erpItemNo"] = "100482" }, ExampleValues.At, ExampleValues.At);

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
