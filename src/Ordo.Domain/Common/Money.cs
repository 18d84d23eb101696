using System.Globalization;

namespace Ordo.Domain.Common;

/// <summary>
/// An amount in integer minor units (cents) of an ISO 4217 currency (<see cref="Currencies"/>). No floating point:
/// totals must add up exactly. Arithmetic overflow throws because the domain project compiles with overflow checking on.
/// </summary>
public readonly record struct Money(long Amount, string Currency)
{
    /// <summary>
    /// 10^13 minor units: far above any real price, far enough below long.MaxValue for totals to add up. Every amount
    /// that moves (a payment, a refund) and every order total stays within it, so what can be ordered can be paid.
    /// </summary>
    public const long MaxAmount = 10_000_000_000_000;

    /// <summary>What a currency code may look like on the wire (it is trimmed and upper-cased before the check).</summary>
    public const string CurrencyPatternText = "^[A-Za-z]{3}$";

    /// <summary>Validates the currency and the size; whether an amount may be negative or zero is the caller's rule.</summary>
    public static Result<Money> Create(long amount, string? currency)
    {
        if (amount is > MaxAmount or < -MaxAmount)
        {
            return ValidationErrors.Invalid("amount", $"Amounts are limited to {MaxAmount} minor units.");
        }

        var code = NormalizeCurrency(currency);
        return code.IsSuccess ? new Money(amount, code.Value) : code.Error;
    }

    public static Money Zero(string currency) => new(0, currency);

    /// <summary>Upper-cases the code and checks it is an active ISO 4217 currency with a minor unit.</summary>
    public static Result<string> NormalizeCurrency(string? currency)
    {
        var code = currency?.Trim().ToUpperInvariant();
        return code is not null && Currencies.TryGetMinorUnits(code, out _)
            ? code
            : ValidationErrors.Invalid("currency", "The currency must be an active ISO 4217 code that has a minor unit, e.g. EUR.");
    }

    // Mixing currencies here is a bug: aggregates compare currencies first and return currency_mismatch.
    public Money Add(Money other) => new(Amount + SameCurrency(other).Amount, Currency);

    public Money Subtract(Money other) => new(Amount - SameCurrency(other).Amount, Currency);

    public Money Multiply(int quantity) => new(Amount * quantity, Currency);

    public override string ToString() => $"{Amount.ToString(CultureInfo.InvariantCulture)} {Currency}";

    /// <summary>The amount as a problem detail: <c>{"amount": 10000, "currency": "EUR"}</c>, the shape of money on the wire.</summary>
    public IReadOnlyDictionary<string, object?> ToDetail() =>
        new Dictionary<string, object?> { ["amount"] = Amount, ["currency"] = Currency };

    private Money SameCurrency(Money other) => other.Currency == Currency
        ? other
        : throw new InvalidOperationException($"Cannot combine {Currency} with {other.Currency}.");
}
