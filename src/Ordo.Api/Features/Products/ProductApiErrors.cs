using Ordo.Domain.Common;

namespace Ordo.Api.Features.Products;

/// <summary>
/// The codes the product endpoints answer besides the domain's (<see cref="Domain.Products.ProductErrors"/>): see
/// <see cref="ErrorCode"/>.
/// </summary>
public static class ProductApiErrors
{
    public static readonly ErrorCode SkuTaken = new("sku_taken", ErrorKind.Conflict, "Another product already has this SKU (SKUs compare ignoring case).");
}
