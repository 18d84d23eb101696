using Ordo.Domain.Common;

namespace Ordo.Api.Features;

/// <summary>Money on the wire: integer minor units and an ISO 4217 code, e.g. <c>{"amount": 1999, "currency": "EUR"}</c>.</summary>
public sealed record MoneyDto(long Amount, string Currency)
{
    public static MoneyDto From(Money money) => new(money.Amount, money.Currency);

    public Result<Money> ToMoney() => Money.Create(Amount, Currency);
}
