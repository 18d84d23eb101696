using Ordo.Domain.Common;

namespace Ordo.Domain.Products;

public static class ProductErrors
{
    public static DomainError InsufficientStock(Guid productId, int requested, int available) => new(
        "insufficient_stock",
        $"Only {available} unit(s) available; {requested} requested.",
        ErrorKind.Conflict)
    {
        Details = new Dictionary<string, object?>
        {
            ["productId"] = productId,
            ["requested"] = requested,
            ["available"] = available,
        },
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
