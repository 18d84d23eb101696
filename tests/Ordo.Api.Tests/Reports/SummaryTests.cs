using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Orders;
using Ordo.Api.Features.Reports;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Reports;

/// <summary>A fresh database whose clock the test turns back a day, with no job sweeping the orders meanwhile.</summary>
public sealed class SummarySqliteFixture : SqliteApiFixture
{
    public AdjustableClock Clock { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => SummaryTests.Settings;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

public sealed class SummaryPostgresFixture : PostgresApiFixture
{
    public AdjustableClock Clock { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => SummaryTests.Settings;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

public sealed class SqliteSummaryTests(SummarySqliteFixture fixture) : SummaryTests(fixture, fixture.Clock), IClassFixture<SummarySqliteFixture>;

public sealed class PostgresSummaryTests(SummaryPostgresFixture fixture) : SummaryTests(fixture, fixture.Clock), IClassFixture<SummaryPostgresFixture>;

/// <summary>The dashboard summary: exact figures from orders the test places, its permission and its one parameter.</summary>
public abstract class SummaryTests(ApiFixture fixture, AdjustableClock clock) : ProviderTests(fixture)
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Jobs:Enabled"] = "false",
        ["Outbox:Dispatch"] = "false",
        ["Webhooks:Deliver"] = "false",
        // The dashboard's low stock is product.stock_low's: available stock below this.
        ["Outbox:StockLowThreshold"] = "4",
    };

    [Fact]
    public async Task The_summary_counts_todays_and_this_weeks_orders_and_revenue_per_currency_with_refunds_taken_off()
    {
        await UtcDays.AwayFromMidnightAsync(TimeSpan.FromMinutes(3));
        // Yesterday: one paid EUR order (4500). The service issues tokens by its clock but checks them by the real one,
        // so the client takes its token before the clock turns back.
        var data = new OrderTestData(Fixture, Client);
        await (await Client.GetAsync("/api/v1/reports/summary", Cancellation)).JsonAsync(HttpStatusCode.OK);
        OrderResponse yesterdays;
        clock.Advance(TimeSpan.FromDays(-1));
        try
        {
            yesterdays = await data.PayAsync(await data.PendingOrderAsync());
        }
        finally
        {
            clock.Advance(TimeSpan.FromDays(1));
        }

        // Today in EUR: one unpaid (4500, revenue 0), one paid and refunded 1000 (3500), one paid then cancelled (refunded in full: 0).
        await data.PendingOrderAsync();
        await data.RefundAsync(await data.PayAsync(await data.PendingOrderAsync()), 1000);
        await data.CancelAsync(await data.PayAsync(await data.PendingOrderAsync()));
        // Today in GBP: one paid order of 2000 + 500 shipping.
        var gbp = await data.ProductAsync(stock: 10, price: 2000, currency: "GBP");
        var placed = await (await Client.SendPostAsync("/api/v1/orders", new
        {
            customerId = await data.CustomerAsync(),
            currency = "GBP",
            lines = new[] { new { productId = gbp.Id, quantity = 1 } },
            shippingFee = new { amount = 500, currency = "GBP" },
        })).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        await (await Client.SendPostAsync($"/api/v1/orders/{placed.Id}/payment", new
        {
            amount = placed.Total,
            externalReference = "psp_" + Guid.NewGuid().ToString("N"),
        }, idempotencyKey: Guid.NewGuid().ToString())).ReadAsync<OrderResponse>(HttpStatusCode.OK);
        // Today, still to ship: one paid order shipped in part; not to ship: one shipped in full (not delivered yet).
        await data.ShipAsync(await data.PayAsync(await data.PendingOrderAsync()), 0, 1);
        await data.ShipEverythingAsync(await data.PayAsync(await data.PendingOrderAsync()));
        var low = await data.ProductAsync(stock: 3);
        var atThreshold = await data.ProductAsync(stock: 4);

        var summary = await (await Client.GetAsync("/api/v1/reports/summary", Cancellation)).ReadAsync<SummaryResponse>(HttpStatusCode.OK);

        var day = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        Assert.Equal((day, day.AddDays(1)), (summary.Today.From, summary.Today.To));
        Assert.Equal((monday, monday.AddDays(7)), (summary.Week.From, summary.Week.To));
        Assert.Equal(
            [("EUR", 5, 12_500L, "EUR"), ("GBP", 1, 2500L, "GBP")],
            summary.Today.Currencies.Select(c => (c.Currency, c.Orders, c.Revenue.Amount, c.Revenue.Currency)));
        // Yesterday is in this week unless today is a Monday.
        var yesterdayThisWeek = yesterdays.CreatedAt >= monday;
        Assert.Equal(
            [("EUR", yesterdayThisWeek ? 6 : 5, yesterdayThisWeek ? 17_000L : 12_500L), ("GBP", 1, 2500L)],
            summary.Week.Currencies.Select(c => (c.Currency, c.Orders, c.Revenue.Amount)));
        Assert.Equal(
            [("pending", 1), ("open", 5), ("completed", 0), ("cancelled", 1), ("expired", 0)],
            summary.OrdersByStatus.Select(s => (s.Status, s.Count)));
        Assert.Equal((1, 4), (summary.PendingPayment, summary.ToShip));
        Assert.Equal(4, summary.LowStock.Threshold);
        Assert.Equal([(low.Id, low.Sku, 3, 0, 3)], summary.LowStock.Products.Select(p => (p.Id, p.Sku, p.StockOnHand, p.StockReserved, p.StockAvailable)));
        Assert.False(summary.LowStock.HasMore);

        var stricter = await (await Client.GetAsync("/api/v1/reports/summary?lowStockThreshold=3", Cancellation)).ReadAsync<SummaryResponse>(HttpStatusCode.OK);
        Assert.Equal((3, 0), (stricter.LowStock.Threshold, stricter.LowStock.Products.Count));
        var wider = await (await Client.GetAsync("/api/v1/reports/summary?lowStockThreshold=5", Cancellation)).ReadAsync<SummaryResponse>(HttpStatusCode.OK);
        Assert.Equal([low.Id, atThreshold.Id], wider.LowStock.Products.Select(p => p.Id));

        // More low products than the list holds: the 20 with the least available stock, and hasMore.
        for (var i = 0; i < GetSummary.LowStockListed; i++)
        {
            await data.ProductAsync(stock: 2);
        }

        var crowded = await (await Client.GetAsync("/api/v1/reports/summary", Cancellation)).ReadAsync<SummaryResponse>(HttpStatusCode.OK);
        Assert.Equal(GetSummary.LowStockListed, crowded.LowStock.Products.Count);
        Assert.All(crowded.LowStock.Products, p => Assert.Equal(2, p.StockAvailable));
        Assert.True(crowded.LowStock.HasMore);
    }

    [Fact]
    public async Task Reading_the_summary_needs_orders_export_which_support_does_not_hold()
    {
        var (support, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Support]);

        await (await support.GetAsync("/api/v1/reports/summary", Cancellation)).AssertProblemAsync(HttpStatusCode.Forbidden, "permission_missing");
    }

    [Fact]
    public async Task A_customer_account_is_refused_the_shop_wide_summary_even_with_a_staff_role()
    {
        var customer = await new OrderTestData(Fixture, Client).CustomerAsync();
        var (linked, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Manager], customer);

        // orders.export is staff-only: an account linked to a customer never holds it, whatever its roles grant.
        await (await linked.GetAsync("/api/v1/reports/summary", Cancellation)).AssertProblemAsync(HttpStatusCode.Forbidden, "permission_missing");
    }

    [Fact]
    public async Task A_role_with_orders_export_but_not_catalog_read_is_refused_the_low_stock_list()
    {
        var role = $"exporter-{Guid.NewGuid():N}"[..20];
        using var created = await Client.PostAsJsonAsync("/api/v1/roles", new { name = role, description = "Exports orders.", permissions = new[] { "orders.read", "orders.export" } }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (exporter, _) = await Fixture.Factory.CreateClientWithRolesAsync([role]);

        var refused = await exporter.GetAsync("/api/v1/reports/summary", Cancellation);

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "permission_missing");
    }

    [Theory]
    [InlineData("lowStockThreshold=-1", "lowStockThreshold")]
    [InlineData("lowStockThreshold=five", "lowStockThreshold")]
    [InlineData("lowStockThreshold=1000001", "lowStockThreshold")]
    [InlineData("lowStockThreshold=1&lowStockThreshold=2", "lowStockThreshold")]
    [InlineData("threshold=5", "threshold")]
    public async Task A_bad_query_answers_400_naming_the_parameter(string query, string parameter)
    {
        var problem = await (await Client.GetAsync($"/api/v1/reports/summary?{query}", Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(parameter, problem.Errors!.Keys);
    }
}
