namespace Ordo.Domain.Products;

/// <summary>
/// The stock invariant 0 ≤ reserved ≤ on hand, as pure predicates that only <see cref="Product"/> applies. Every path
/// that moves stock (orders placed, cancelled, expired or shipped, manual adjustments, demo seeding) goes through the
/// product's methods on a row the transaction holds; the database's check constraint backs the same invariant.
/// </summary>
public static class StockRules
{
    public static bool CanReserve(int onHand, int reserved, int quantity) => onHand - reserved >= quantity;

    /// <summary>Releasing or shipping consumes reservations.</summary>
    public static bool CanConsumeReservation(int reserved, int quantity) => reserved >= quantity;

    /// <summary>On hand may not drop below what is promised to orders.</summary>
    public static bool CanAdjust(int onHand, int reserved, int delta) => (long)onHand + delta >= reserved;
}
