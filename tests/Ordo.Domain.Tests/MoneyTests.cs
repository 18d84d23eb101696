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
    [InlineData("XYZ")] // the right shape, but no currency
    [InlineData("HRK")] // withdrawn in 2023
    [InlineData("XAU")] // on the list, but without a minor unit
    [InlineData("XXX")]
    public void Creating_money_in_anything_but_an_active_ISO_4217_currency_with_a_minor_unit_is_rejected(string? currency)
    {
        var error = Failed(Money.Create(100, currency));

        Assert.Equal("invalid_currency", error.Code);
        Assert.Equal(ErrorKind.Validation, error.Kind);
    }

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 0)]
    [InlineData("BHD", 3)]
    [InlineData("CLF", 4)]
    [InlineData("XCG", 2)]
    public void Currencies_know_the_exponent_of_their_minor_unit(string code, int exponent)
    {
        Assert.True(Currencies.TryGetMinorUnits(code, out var actual));
        Assert.Equal(exponent, actual);
        Assert.Equal(code, Ok(Money.Create(1, code)).Currency);
    }

    [Theory]
    [InlineData(10_000, "EUR", "100.00 EUR")]
    [InlineData(15_000, "JPY", "15000 JPY")]
    [InlineData(1_250, "BHD", "1.250 BHD")]
    public void Amounts_are_shown_to_people_in_major_units(long amount, string currency, string shown)
    {
        Assert.Equal(shown, Currencies.Format(new Money(amount, currency)));
    }

    [Fact]
    public void The_table_holds_the_active_list_and_only_codes_that_have_a_minor_unit()
    {
        Assert.Equal(165, Currencies.Codes.Count);
        Assert.All(Currencies.Codes, code => Assert.Matches("^[A-Z]{3}$", code));
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
