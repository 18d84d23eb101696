using Ordo.Domain.Common;
using static Ordo.Domain.Tests.TestData;

namespace Ordo.Domain.Tests;

public class MoneyTests
{
    [Fact]
    public void Creating_money_normalises_the_currency_code()
    {
        Assert.Equal(new Money(1_999, "EUR"), Ok(Money.Create(1_999, " eur ")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    public void Creating_money_with_a_malformed_currency_is_rejected(string? currency)
    {
        var error = Failed(Money.Create(100, currency));

        Assert.Equal("invalid_currency", error.Code);
        Assert.Equal(ErrorKind.Validation, error.Kind);
    }

    [Fact]
    public void Adding_subtracting_and_multiplying_work_in_exact_minor_units()
    {
        Assert.Equal(Eur(1_500), Eur(1_000).Add(Eur(500)));
        Assert.Equal(Eur(-250), Eur(250).Subtract(Eur(500)));
        Assert.Equal(Eur(2_997), Eur(999).Multiply(3));
    }

    [Fact]
    public void Combining_different_currencies_is_a_programming_error()
    {
        Assert.Throws<InvalidOperationException>(() => Eur(100).Add(new Money(100, "USD")));
        Assert.Throws<InvalidOperationException>(() => Eur(100).Subtract(new Money(100, "USD")));
    }

    [Fact]
    public void Arithmetic_overflow_throws_instead_of_wrapping_around()
    {
        Assert.Throws<OverflowException>(() => Eur(long.MaxValue).Add(Eur(1)));
        Assert.Throws<OverflowException>(() => Eur(long.MaxValue / 2 + 1).Multiply(2));
    }

    [Theory]
    [InlineData(Money.MaxAmount + 1)]
    [InlineData(-Money.MaxAmount - 1)]
    [InlineData(long.MaxValue)]
    public void Amounts_beyond_the_limit_are_invalid(long amount)
    {
        var result = Money.Create(amount, "EUR");

        Assert.Equal("invalid_amount", result.Error?.Code);
    }
}
