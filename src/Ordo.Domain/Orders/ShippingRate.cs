using Ordo.Domain.Common;

namespace Ordo.Domain.Orders;

/// <summary>
/// What shipping one order costs in one currency: a flat fee, waived once the subtotal reaches
/// <see cref="FreeFrom"/> (when set). The server applies it to every order; only a caller allowed to override the fee
/// sets another.
/// </summary>
public sealed record ShippingRate
{
    public ShippingRate(Money fee, Money? freeFrom)
    {
        if (fee.Amount is < 0 or > Money.MaxAmount)
        {
            throw new ArgumentOutOfRangeException(nameof(fee), fee, "A shipping fee is 0 to Money.MaxAmount.");
        }

        if (freeFrom is { } threshold && (threshold.Currency != fee.Currency || threshold.Amount is < 1 or > Money.MaxAmount))
        {
            throw new ArgumentOutOfRangeException(nameof(freeFrom), freeFrom, "The free-shipping threshold is a positive amount in the fee's currency.");
        }

        Fee = fee;
        FreeFrom = freeFrom;
    }

    public Money Fee { get; }

    public Money? FreeFrom { get; }

    public Money FeeFor(Money subtotal) =>
        FreeFrom is { } threshold && subtotal.Amount >= threshold.Amount ? Money.Zero(Fee.Currency) : Fee;
}
