using Ordo.Domain.Common;

namespace Ordo.Domain.Products;

/// <summary>One product that cannot give an order what it asks for.</summary>
public sealed record StockShortfall(Guid ProductId, string Sku, int Requested, int Available);

/// <summary>
/// The error catalogue of products and their stock (see <see cref="ErrorCode"/>), and the factories that fill in each
/// occurrence. A field is named for its code; the factory of the same name would clash, hence the <c>Code</c> suffix.
/// Malformed fields answer the shared <c>invalid_*</c> family (<see cref="ValidationErrors"/>).
/// </summary>
public static class ProductErrors
{
    public static readonly ErrorCode InsufficientStockCode = new(
        "insufficient_stock",
        ErrorKind.Conflict,
        "Not enough stock is available for one or more products, and nothing was reserved; `skus` lists the SKUs short of stock and `shortfalls` each one's requested and available units.");

    public static readonly ErrorCode ProductArchivedCode = new(
        "product_archived",
        ErrorKind.BusinessRule,
        "The product is archived and can no longer be ordered; `productId` and `sku` name it.");

    public static readonly ErrorCode ExceedsReservedStockCode = new(
        "exceeds_reserved_stock",
        ErrorKind.Conflict,
        "Releasing or shipping more units than are reserved for the product; `productId`, `requested` and `reserved` say by how much.");

    public static readonly ErrorCode StockBelowReservedCode = new(
        "stock_below_reserved",
        ErrorKind.Conflict,
        "A stock adjustment would leave fewer units on hand than are reserved for orders; `productId`, `delta`, `onHand` and `reserved` give the numbers.");

    /// <summary>The one answer for missing stock, whether one product or several lines of an order fall short.</summary>
    public static DomainError InsufficientStock(IReadOnlyCollection<StockShortfall> shortfalls)
    {
        ArgumentNullException.ThrowIfNull(shortfalls);
        return InsufficientStockCode.Error(
            "Not enough stock for " + string.Join(", ", shortfalls.Select(s => $"{s.Sku} ({s.Available} available, {s.Requested} requested)"))
                + "; nothing was reserved.") with
        {
            Details = new Dictionary<string, object?>
            {
                ["skus"] = shortfalls.Select(s => s.Sku).ToArray(),
                ["shortfalls"] = shortfalls.Select(s => new Dictionary<string, object?>
                {
                    ["productId"] = s.ProductId,
                    ["sku"] = s.Sku,
                    ["requested"] = s.Requested,
                    ["available"] = s.Available,
                }).ToArray(),
            },
        };
    }

    public static DomainError Archived(Guid productId, string sku) =>
        ProductArchivedCode.Error($"Product {sku} is archived and can no longer be ordered.") with
        {
            Details = new Dictionary<string, object?> { ["productId"] = productId, ["sku"] = sku },
        };

    public static DomainError ExceedsReservedStock(Guid productId, int requested, int reserved) =>
        ExceedsReservedStockCode.Error($"Only {reserved} unit(s) are reserved; {requested} requested.") with
        {
            Details = new Dictionary<string, object?>
            {
                ["productId"] = productId,
                ["requested"] = requested,
                ["reserved"] = reserved,
            },
        };

    public static DomainError StockBelowReserved(Guid productId, int delta, int onHand, int reserved) =>
        StockBelowReservedCode.Error($"Adjusting by {delta} would leave {onHand + (long)delta} on hand, below the {reserved} reserved for orders.") with
        {
            Details = new Dictionary<string, object?>
            {
                ["productId"] = productId,
                ["delta"] = delta,
                ["onHand"] = onHand,
                ["reserved"] = reserved,
            },
        };
}
