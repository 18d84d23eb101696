using System.Net;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using static Ordo.Api.Tests.Orders.OrderRuleSettings;

namespace Ordo.Api.Tests.Orders;

/// <summary>The shipping fee is the server's: computed from the currency's rate, set by hand only with its own permission.</summary>
public abstract class ShippingFeeTests : ProviderTests
{
    protected ShippingFeeTests(ApiFixture fixture) : base(fixture) => Data = new OrderRuleData(fixture, Client);

    private OrderRuleData Data { get; }

    [Theory]
    [InlineData(1_000, EurShippingFee)] // below the free-shipping threshold: the flat fee
    [InlineData(EurFreeShippingFrom - 1, EurShippingFee)]
    [InlineData(EurFreeShippingFrom, 0)] // from the threshold on: free
    public async Task Without_an_override_the_fee_comes_from_the_rate_of_the_orders_currency(long subtotal, long expectedFee)
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        var product = await Data.ProductAsync(stock: 10, price: subtotal);

        var order = await (await shopper.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        Assert.Equal((subtotal, expectedFee, subtotal + expectedFee), (order.Subtotal.Amount, order.ShippingFee.Amount, order.Total.Amount));
    }

    [Fact]
    public async Task A_customer_who_sends_a_shipping_fee_is_refused_and_nothing_is_reserved()
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        var product = await Data.ProductAsync(stock: 10, price: 1_000);

        var response = await shopper.PlaceOrderAsync(customerId, "EUR", shippingFee: 0, (product.Id, 1));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "shipping_fee_override_not_allowed");
        Assert.Equal(0, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }

    [Fact]
    public async Task Support_may_not_override_the_fee_and_a_manager_may_with_the_override_recorded_on_the_timeline()
    {
        var customerId = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10, price: 1_000);
        var (support, supportId) = await Data.StaffAsync(BuiltInRoles.Support);
        var (manager, _) = await Data.StaffAsync(BuiltInRoles.Manager);

        var bySupport = await support.PlaceOrderAsync(customerId, "EUR", shippingFee: 0, (product.Id, 1));
        var byManager = await manager.PlaceOrderAsync(customerId, "EUR", shippingFee: 0, (product.Id, 1));

        await bySupport.AssertProblemAsync(HttpStatusCode.Forbidden, "shipping_fee_override_not_allowed");
        Assert.Single(Data.DenialsOf(supportId));
        var order = await byManager.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        Assert.Equal((0L, 1_000L), (order.ShippingFee.Amount, order.Total.Amount));
        var placed = Assert.Single(await Data.EventsAsync(order));
        Assert.Equal(new MoneyDto(0, "EUR"), placed.Data.ShippingFeeOverride);
    }

    [Fact]
    public async Task Without_a_currency_the_order_is_in_the_one_its_products_are_priced_in()
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        var yen = await Data.ProductAsync(stock: 10, price: 1_000, currency: "JPY");
        var moreYen = await Data.ProductAsync(stock: 10, price: 2_000, currency: "JPY");

        var order = await (await shopper.PlaceOrderAsync(customerId, null, null, (yen.Id, 1), (moreYen.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        Assert.Equal("JPY", order.Currency);
        Assert.Equal(new MoneyDto(JpyShippingFee, "JPY"), order.ShippingFee);
    }

    [Fact]
    public async Task Without_a_currency_products_priced_in_several_are_refused_naming_them_and_nothing_is_reserved()
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        var euro = await Data.ProductAsync(stock: 10, price: 1_000);
        var yen = await Data.ProductAsync(stock: 10, price: 1_000, currency: "JPY");

        var response = await shopper.PlaceOrderAsync(customerId, null, null, (yen.Id, 1), (euro.Id, 1));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "currency_required");
        Assert.Equal(["EUR", "JPY"], problem.Extension<string[]>("currencies"));
        Assert.Equal(0, (await Data.ProductByIdAsync(euro.Id)).StockReserved);
        Assert.Equal(0, (await Data.ProductByIdAsync(yen.Id)).StockReserved);
    }

    [Fact]
    public async Task Without_a_currency_products_priced_in_one_without_terms_are_refused()
    {
        var customerId = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10, price: 1_000, currency: "CHF");

        var response = await Client.PlaceOrderAsync(customerId, null, null, (product.Id, 1));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "currency_not_accepted");
        Assert.Equal(0, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }

    [Fact]
    public async Task The_customer_does_not_see_a_fee_override_on_their_own_timeline()
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        var product = await Data.ProductAsync(stock: 10, price: 1_000);
        var (manager, _) = await Data.StaffAsync(BuiltInRoles.Manager);
        var order = await (await manager.PlaceOrderAsync(customerId, "EUR", shippingFee: 0, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        using var seen = await shopper.GetAsync($"/api/v1/orders/{order.Id}/events", Cancellation);

        Assert.Equal("order.placed", Assert.Single((await seen.ReadAsync<Page<OrderEventResponse>>(HttpStatusCode.OK)).Data).Type);
        // Raw JSON: the override is not on the wire at all, not even as null.
        Assert.Equal([$$$"""{"total":{"amount":{{{order.Total.Amount}}},"currency":"EUR"}}"""], await seen.RawMemberOfEachRowAsync("data"));
    }

    [Fact]
    public async Task An_order_in_a_currency_without_terms_is_refused()
    {
        var customerId = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10, price: 1_000, currency: "CHF");

        var response = await Client.PlaceOrderAsync(customerId, "CHF", null, (product.Id, 1));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "currency_not_accepted");
        Assert.Equal(0, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }
}

public sealed class ShippingFeesOnSqlite(OrderRulesSqliteFixture fixture) : ShippingFeeTests(fixture), IClassFixture<OrderRulesSqliteFixture>;

public sealed class ShippingFeesOnPostgres(OrderRulesPostgresFixture fixture) : ShippingFeeTests(fixture), IClassFixture<OrderRulesPostgresFixture>;
