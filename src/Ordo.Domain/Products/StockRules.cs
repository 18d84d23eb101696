namespace Ordo.Domain.Products;

/// <summary>
/// The stock invariant 0 ≤ reserved ≤ on hand, as pure predicates. <see cref="Product"/> checks them in memory and
/// the persistence layer mirrors them in its atomic conditional UPDATEs, so both enforce the same rule.
/// </summary>
public static class StockRules
{
    /// <summary>SQL: <c>WHERE on_hand - reserved &gt;= @quantity</c>.</summary>
    public static bool CanReserve(int onHand, int reserved, int quantity) => onHand - reserved >= quantity;

    /// <summary>Releasing or shipping consumes reservations. SQL: <c>WHERE reserved &gt;= @quantity</c>.</summary>
    public static bool CanConsumeReservation(int reserved, int quantity) => reserved >= quantity;

    /// <summary>On hand may not drop below what is promised to orders. SQL: <c>WHERE on_hand + @delta &gt;= reserved</c>.</summary>
    public static bool CanAdjust(int onHand, int reserved, int delta) => (long)onHand + delta >= reserved;
}
