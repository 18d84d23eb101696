using System.ComponentModel.DataAnnotations;
using Ordo.Domain.Common;

namespace Ordo.Api.Http;

/// <summary>Money on the wire: integer minor units and an ISO 4217 code, e.g. <c>{"amount": 1999, "currency": "EUR"}</c>.</summary>
public sealed record MoneyDto(
    [property: Range(-Money.MaxAmount, Money.MaxAmount)] long Amount,
    [property: RegularExpression(Money.CurrencyPatternText), MaxLength(3)] string Currency)
{
    public static MoneyDto From(Money money) => new(money.Amount, money.Currency);

    public Result<Money> ToMoney() => Money.Create(Amount, Currency);
}
