using Ordo.Domain.Common;

namespace Ordo.Domain.Orders;

/// <summary>
/// The shop's terms for orders in one currency, amounts in its minor units: the shipping rate, how much one customer
/// may hold unpaid (open orders, units per line, reserved value), how much one agent may refund per order, and how
/// long an order waits for payment.
/// </summary>
public sealed record OrderTerms(
    string Currency,
    ShippingRate Shipping,
    int MaxOpenUnpaidOrders,
    int MaxUnitsPerLine,
    Money MaxReservedValue,
    Money RefundLimit,
    TimeSpan PaymentWindow);

/// <summary>What a customer already holds unpaid when placing another order: pending orders, and their subtotal in the new order's currency.</summary>
public readonly record struct UnpaidOrders(int Count, Money ReservedValue)
{
    public static UnpaidOrders None(string currency) => new(0, Money.Zero(currency));
}

/// <summary>The terms of every currency the shop sells in; an order in any other currency is refused.</summary>
public sealed class OrderPolicy
{
    private readonly Dictionary<string, OrderTerms> _byCurrency;

    public OrderPolicy(IEnumerable<OrderTerms> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _byCurrency = terms.ToDictionary(t => t.Currency, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<OrderTerms> Terms => _byCurrency.Values;

    /// <summary>The terms for an order in <paramref name="currency"/>: 400 for a code that is no currency, 422 for one the shop does not sell in.</summary>
    public Result<OrderTerms> TermsFor(string? currency)
    {
        var code = Money.NormalizeCurrency(currency);
        if (code.IsFailure)
        {
            return code.Error;
        }

        return _byCurrency.TryGetValue(code.Value, out var terms) ? terms : OrderErrors.CurrencyNotAccepted(code.Value);
    }

    /// <summary>The most one agent may refund on one order in <paramref name="currency"/>; nothing in a currency without terms.</summary>
    public Money RefundLimitIn(string currency) =>
        _byCurrency.TryGetValue(currency, out var terms) ? terms.RefundLimit : Money.Zero(currency);
}
