using Ordo.Domain.Common;
using Ordo.Domain.Products;

namespace Ordo.Domain.Orders;

/// <summary>
/// What <see cref="Order.Place"/> needs to know about a product at the moment of ordering. A snapshot rather than the
/// <see cref="Product"/> itself, so handlers can project it without tracking products they reserve with SQL.
/// </summary>
public sealed record NewOrderLine(
    Guid ProductId,
    Sku Sku,
    string ProductName,
    Money UnitPrice,
    ProductStatus ProductStatus,
    int Quantity)
{
    public static NewOrderLine From(Product product, int quantity)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new(product.Id, product.Sku, product.Name, product.UnitPrice, product.Status, quantity);
    }
}
