using Ordo.Domain.Common;

namespace Ordo.Domain.Products;

/// <summary>One product that cannot give an order what it asks for.</summary>
public sealed record StockShortfall(Guid ProductId, string Sku, int Requested, int Available);

public static class ProductErrors
{
    /// <summary>The one answer for missing stock, whether one product or several lines of an order fall short.</summary>
    public static DomainError InsufficientStock(IReadOnlyCollection<StockShortfall> shortfalls)
    {
        ArgumentNullException.ThrowIfNull(shortfalls);
        return new(
            "insufficient_stock",
            "Not enough stock for " + string.Join(", ", shortfalls.Select(s => $"{s.Sku} ({s.Available} available, {s.Requested} requested)"))
                + "; nothing was reserved.",
            ErrorKind.Conflict)
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

    public static DomainError Archived(Guid productId, string sku) => new(
        "product_archived",
        $"Product {sku} is archived and can no longer be ordered.",
        ErrorKind.BusinessRule)
    {
        Details = new Dictionary<string, object?> { ["productId"] = productId, ["sku"] = sku },
    };

    public static DomainError ExceedsReservedStock(Guid productId, int requested, int reserved) => new(
        "exceeds_reserved_stock",
        $"Only {reserved} unit(s) are reserved; {requested} requested.",
        ErrorKind.Conflict)
    {
        Details = new Dictionary<string, object?>
        {
            ["productId"] = productId,
            ["requested"] = requested,
            ["reserved"] = reserved,
        },
    };

    public static DomainError StockBelowReserved(Guid productId, int delta, int onHand, int reserved) => new(
        "stock_below_reserved",
        $"Adjusting by {delta} would leave {onHand + (long)delta} on hand, below the {reserved} reserved for orders.",
        ErrorKind.Conflict)
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
