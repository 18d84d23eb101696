using System.Net;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using static Ordo.Api.Tests.Orders.OrderRuleSettings;

namespace Ordo.Api.Tests.Orders;

/// <summary>
/// Every path that gives money back (a refund, cancelling a paid order) applies one rule: an agent refunds at most
/// their limit per order, counted over all their refunds on it, in the order's currency.
/// </summary>
public abstract class RefundRuleTests : ProviderTests
{
    protected RefundRuleTests(ApiFixture fixture) : base(fixture) => Data = new OrderRuleData(fixture, Client);

    private OrderRuleData Data { get; }

    [Fact]
    public async Task Cancelling_a_paid_order_above_the_agents_refund_limit_is_refused_logged_and_changes_nothing()
    {
        var order = await Data.PaidAsync(price: 40_197, shippingFee: 0);
        var (support, supportId) = await Data.StaffAsync(BuiltInRoles.Support);

        var cancel = await support.CancelOrderAsync(order);

        var problem = await cancel.AssertProblemAsync(HttpStatusCode.Forbidden, "refund_limit_exceeded");
        Assert.Equal(EurRefundLimit, problem.Extension<MoneyDto>("limit").Amount);
        var after = await Data.GetAsync(order);
        Assert.Equal(("open", "paid", 0L), (after.Status, after.PaymentStatus, after.AmountRefunded.Amount));
        Assert.Equal(1, (await Data.ProductByIdAsync(order.Lines[0].ProductId)).StockReserved);
        var denial = Assert.Single(Data.DenialsOf(supportId));
        Assert.Equal(AccessRules.RefundLimitRule, denial.GetStructuredStateValue("Rule"));
    }

    [Fact]
    public async Task Cancelling_a_paid_order_within_the_limit_refunds_it_in_full()
    {
        var order = await Data.PaidAsync(price: EurRefundLimit, shippingFee: 0);
        var (support, _) = await Data.StaffAsync(BuiltInRoles.Support);

        var cancelled = await (await support.CancelOrderAsync(order)).ReadAsync<OrderResponse>(HttpStatusCode.OK);

        Assert.Equal(("cancelled", "refunded", EurRefundLimit), (cancelled.Status, cancelled.PaymentStatus, cancelled.AmountRefunded.Amount));
    }

    [Fact]
    public async Task A_customer_cancels_their_own_order_while_it_is_unpaid_but_not_once_it_is_paid()
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        var product = await Data.ProductAsync(stock: 10, price: 1_000);
        var unpaid = await (await shopper.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var paid = await Data.PayAsync(await (await shopper.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created));

        var cancelledUnpaid = await (await shopper.CancelOrderAsync(unpaid)).ReadAsync<OrderResponse>(HttpStatusCode.OK);
        var cancelPaid = await shopper.CancelOrderAsync(paid);

        Assert.Equal("cancelled", cancelledUnpaid.Status);
        await cancelPaid.AssertProblemAsync(HttpStatusCode.Forbidden, "refund_not_permitted");
        Assert.Equal(("open", 0L), ((await Data.GetAsync(paid)).Status, (await Data.GetAsync(paid)).AmountRefunded.Amount));
    }

    [Fact]
    public async Task Refunds_by_one_agent_on_one_order_add_up_against_the_limit()
    {
        var order = await Data.PaidAsync(price: 30_000, shippingFee: 0);
        var (support, supportId) = await Data.StaffAsync(BuiltInRoles.Support);
        var (colleague, _) = await Data.StaffAsync(BuiltInRoles.Support);

        await (await support.RefundOrderAsync(order, 6_000)).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var second = await support.RefundOrderAsync(order, 5_000);
        var rest = await support.RefundOrderAsync(order, EurRefundLimit - 6_000);
        var byColleague = await colleague.RefundOrderAsync(order, 5_000);

        var problem = await second.AssertProblemAsync(HttpStatusCode.Forbidden, "refund_limit_exceeded");
        Assert.Equal(6_000, problem.Extension<MoneyDto>("alreadyRefunded").Amount);
        await rest.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var after = await byColleague.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        Assert.Equal(EurRefundLimit + 5_000, after.AmountRefunded.Amount);
        Assert.Single(Data.DenialsOf(supportId));
    }

    [Fact]
    public async Task Parallel_refunds_by_one_agent_never_pass_the_limit_together()
    {
        var order = await Data.PaidAsync(price: 60_000, shippingFee: 0);
        var (support, _) = await Data.StaffAsync(BuiltInRoles.Support);

        // Each fits the limit alone; any two together exceed it.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => support.RefundOrderAsync(order, 6_000)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.Conflict }));
        Assert.Equal(6_000, (await Data.GetAsync(order)).AmountRefunded.Amount);
    }

    [Fact]
    public async Task A_cancellation_refund_counts_towards_the_agents_limit_on_the_order()
    {
        var order = await Data.PaidAsync(price: 12_000, shippingFee: 0);
        var (support, _) = await Data.StaffAsync(BuiltInRoles.Support);
        await (await support.RefundOrderAsync(order, 6_000)).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        // Cancelling would give back the other 6,000: 12,000 in all by this agent.
        var cancel = await support.CancelOrderAsync(order);

        await cancel.AssertProblemAsync(HttpStatusCode.Forbidden, "refund_limit_exceeded");
        var (manager, _) = await Data.StaffAsync(BuiltInRoles.Manager);
        var cancelled = await (await manager.CancelOrderAsync(order)).ReadAsync<OrderResponse>(HttpStatusCode.OK);
        Assert.Equal(12_000, cancelled.AmountRefunded.Amount);
    }

    [Fact]
    public async Task The_limit_is_set_per_currency_in_that_currencys_minor_units()
    {
        // JPY has no minor unit: its limit of 15,000 is 15,000 yen, while EUR's 10,000 is 100.00 euros.
        var yen = await Data.PaidAsync(price: 20_000, currency: "JPY", shippingFee: 0);
        var euro = await Data.PaidAsync(price: 20_000, currency: "EUR", shippingFee: 0);
        var (support, _) = await Data.StaffAsync(BuiltInRoles.Support);

        var inYen = await support.RefundOrderAsync(yen, 12_000);
        var inEuro = await support.RefundOrderAsync(euro, 12_000);

        Assert.Equal(12_000, (await inYen.ReadAsync<OrderResponse>(HttpStatusCode.Created)).AmountRefunded.Amount);
        var inEuroRefused = await inEuro.AssertProblemAsync(HttpStatusCode.Forbidden, "refund_limit_exceeded");
        Assert.Equal((EurRefundLimit, "EUR"), MoneyOf(inEuroRefused.Extension<MoneyDto>("limit")));

        // The yen limit binds too: 12,000 + 3,001 yen passes 15,000.
        var aboveInYen = await (await support.RefundOrderAsync(yen, JpyRefundLimit - 12_000 + 1)).AssertProblemAsync(HttpStatusCode.Forbidden, "refund_limit_exceeded");
        Assert.Equal((JpyRefundLimit, "JPY"), MoneyOf(aboveInYen.Extension<MoneyDto>("limit")));
        Assert.Equal((12_000L, "JPY"), MoneyOf(aboveInYen.Extension<MoneyDto>("alreadyRefunded")));
    }

    [Theory]
    [InlineData("XYZ")] // three letters, but no currency
    [InlineData("HRK")] // withdrawn when Croatia adopted the euro
    [InlineData("XAU")] // gold: ISO 4217 gives it no minor unit
    public async Task Only_active_ISO_4217_currencies_with_a_minor_unit_are_accepted(string currency)
    {
        var product = await Client.SendPostAsync("/api/v1/products", new
        {
            sku = HttpJson.Unique("CUR"),
            name = "Priced oddly",
            unitPrice = new { amount = 100, currency },
        });

        await product.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_currency");
    }

    private static (long Amount, string Currency) MoneyOf(MoneyDto money) => (money.Amount, money.Currency);
}

public sealed class RefundRulesOnSqlite(OrderRulesSqliteFixture fixture) : RefundRuleTests(fixture), IClassFixture<OrderRulesSqliteFixture>;

public sealed class RefundRulesOnPostgres(OrderRulesPostgresFixture fixture) : RefundRuleTests(fixture), IClassFixture<OrderRulesPostgresFixture>;
