using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ordo.Api.Features.Orders;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;

namespace Ordo.Api.Tests.Orders;

/// <summary>The order terms come from configuration validated at start-up, with the defaults documented in the README.</summary>
public sealed class OrderConfigurationTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOrdoOrders();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Without_settings_EUR_USD_and_GBP_are_sold_under_the_documented_defaults()
    {
        using var services = Services();
        var policy = services.GetRequiredService<OrderPolicy>();

        var eur = policy.TermsFor("EUR").Value;
        Assert.Equal(["EUR", "GBP", "USD"], policy.Terms.Select(t => t.Currency).Order());
        Assert.Equal((new Money(495, "EUR"), (Money?)new Money(5_000, "EUR")), (eur.Shipping.Fee, eur.Shipping.FreeFrom));
        Assert.Equal((5, 100, new Money(500_000, "EUR"), new Money(10_000, "EUR")), (eur.MaxOpenUnpaidOrders, eur.MaxUnitsPerLine, eur.MaxReservedValue, eur.RefundLimit));
        Assert.Equal(TimeSpan.FromMinutes(30), eur.PaymentWindow);
    }

    [Fact]
    public void A_setting_changes_one_value_of_a_currency_and_a_new_currency_joins_the_defaults()
    {
        using var services = Services(
            ("Orders:Currencies:EUR:RefundLimit", "2500"),
            ("Orders:Currencies:jpy:ShippingFee", "800"),
            ("Orders:Currencies:jpy:MaxReservedValue", "500000"));
        var policy = services.GetRequiredService<OrderPolicy>();

        Assert.Equal((new Money(2_500, "EUR"), new Money(495, "EUR")), (policy.RefundLimitIn("EUR"), policy.TermsFor("EUR").Value.Shipping.Fee));
        var yen = policy.TermsFor("JPY").Value;
        Assert.Equal((new Money(800, "JPY"), (Money?)null, new Money(0, "JPY")), (yen.Shipping.Fee, yen.Shipping.FreeFrom, yen.RefundLimit));
    }

    [Fact]
    public void A_default_currency_is_withdrawn_with_Accepted_false()
    {
        using var services = Services(("Orders:Currencies:GBP:Accepted", "false"), ("Orders:Currencies:usd:Accepted", "False"));
        var policy = services.GetRequiredService<OrderPolicy>();

        Assert.Equal(["EUR"], policy.Terms.Select(t => t.Currency));
        Assert.Equal("currency_not_accepted", policy.TermsFor("GBP").Error!.Code);
    }

    [Theory]
    [InlineData("Auth:RefundLimitMinor", "10000", "Auth:RefundLimitMinor was replaced by Orders:Currencies:{code}:RefundLimit")]
    [InlineData("Orders:Currencies:XAU:ShippingFee", "100", "Orders:Currencies:XAU: 'XAU' is not an active ISO 4217 currency")]
    [InlineData("Orders:Currencies:CHF:RefundLimit", "100", "Orders:Currencies:CHF:ShippingFee")]
    [InlineData("Orders:Currencies:EUR:MaxReservedValue", "0", "Orders:Currencies:EUR:MaxReservedValue")]
    [InlineData("Orders:MaxUnitsPerLine", "0", "Orders:MaxUnitsPerLine must be 1 to 100,000.")]
    [InlineData("Orders:Currencies:EUR:Accepted", "false", "Orders:Currencies must accept at least one currency.", "Orders:Currencies:USD:Accepted", "false", "Orders:Currencies:GBP:Accepted", "false")]
    public void Start_up_refuses_settings_that_make_no_sense_and_names_them(string key, string value, string named, params string[] more)
    {
        using var services = Services([(key, value), .. more.Chunk(2).Select(pair => (pair[0], pair[1]))]);

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OrderOptions>>().Value);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
