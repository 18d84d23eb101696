using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Ordo.Api.Features.Orders;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using static Ordo.Api.Tests.AdminPanel.PanelSteps;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>
/// The dashboard and the orders export in a real browser, on a database of their own (so every figure is one the test
/// made): the figures, the way from "orders by status" to the filtered list, and the CSV the browser downloads.
/// </summary>
public sealed class DashboardBrowserTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    private static readonly SemaphoreSlim Arranged = new(1, 1);

    /// <summary>The orders each fixture (each fresh database) was given; tests of the class share them.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PanelFixture, Shop> Shops = [];

    /// <summary>Orders made once for the class: two awaiting payment, one paid (to ship), one cancelled, and a product low on stock.</summary>
    private sealed record Shop(OrderResponse[] Pending, OrderResponse Paid, OrderResponse Cancelled, string LowSku);

    private async Task<Shop> ShopAsync()
    {
        await Arranged.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (Shops.TryGetValue(fixture, out var made))
            {
                return made;
            }

            await UtcDays.AwayFromMidnightAsync(TimeSpan.FromMinutes(5)); // the suite reads "today's" figures for a few minutes
            var data = new OrderTestData(fixture, fixture.CreateAdminApiClient());
            var pending = new[] { await data.PendingOrderAsync(), await data.PendingOrderAsync() };
            var paid = await data.PayAsync(await data.PendingOrderAsync());
            var cancelled = await data.CancelAsync(await data.PendingOrderAsync());
            var low = await data.ProductAsync(stock: 2);
            var shop = new Shop(pending, paid, cancelled, low.Sku);
            Shops.Add(fixture, shop);
            return shop;
        }
        finally
        {
            Arranged.Release();
        }
    }

    [Fact]
    public async Task An_administrator_sees_the_figures_follows_a_status_to_its_orders_and_exports_them_as_csv()
    {
        fixture.SkipWhenUnavailable();
        var shop = await ShopAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await OpenSignedInAsync(page, "admin/", TestAuth.AdminEmail, TestAuth.AdminPassword);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Exact = true })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        Assert.EndsWith("/admin/dashboard", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("[data-figure=pending-payment]")).ToHaveTextAsync("2");
        await Expect(page.Locator("[data-figure=to-ship]")).ToHaveTextAsync("1");
        await Expect(page.Locator(".by-status a")).ToHaveTextAsync([new Regex(@"pending\s+2"), new Regex(@"open\s+1"), new Regex(@"completed\s+0"), new Regex(@"cancelled\s+1"), new Regex(@"expired\s+0")]);
        // Four EUR orders placed today; only the paid one brought money in (4500 = 45.00 EUR).
        await Expect(page.Locator("table.period").First.Locator("tbody tr")).ToHaveTextAsync([new Regex(@"EUR\s*4\s*45\.00 EUR")]);
        await Expect(page.Locator("table.low-stock tbody tr")).ToHaveTextAsync([new Regex($@"{shop.LowSku}\s*2\s*2\s*0")]);

        await page.Locator(".by-status a").Filter(new() { HasText = "pending" }).ClickAsync();

        await page.WaitForURLAsync("**/admin/orders?status=pending");
        await Expect(page.GetByLabel("Status")).ToHaveValueAsync("pending");
        try
        {
            await Expect(page.Locator("table.orders tbody tr a")).ToHaveTextAsync(
                [.. shop.Pending.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Select(o => o.Number)], new() { Timeout = StepTimeout });
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException(PanelFixture.BrowserLog(page), exception);
        }

        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync(), new() { Timeout = StepTimeout });
        await Expect(page.Locator(".export-status")).ToHaveTextAsync(new Regex(@"^Exported 2 orders \(.+\) as orders\.csv\.$"), new() { Timeout = StepTimeout });

        Assert.Equal("orders.csv", download.SuggestedFilename);
        var path = Artifact("orders-export.csv");
        await download.SaveAsAsync(path);
        var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
        Assert.StartsWith("number,id,customer_id,status,", lines[0], StringComparison.Ordinal);
        Assert.Equal(
            [.. shop.Pending.Select(o => (o.Number, o.Id.ToString(), "pending")).OrderBy(o => o.Number, StringComparer.Ordinal)],
            lines.Skip(1).Select(line => line.Split(',')).Select(cells => (cells[0], cells[1], cells[3])).OrderBy(o => o.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_dashboard_has_no_serious_or_critical_accessibility_violation_and_fits_both_widths()
    {
        fixture.SkipWhenUnavailable();
        await ShopAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await OpenSignedInAsync(page, "admin/dashboard", TestAuth.AdminEmail, TestAuth.AdminPassword);
        await Expect(page.Locator("[data-figure=pending-payment]")).ToBeVisibleAsync(new() { Timeout = StepTimeout });

        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Artifact("dashboard-1280.png"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("[data-figure=pending-payment]")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the dashboard scrolls sideways at 390 px");
        await page.ScreenshotAsync(new() { Path = Artifact("dashboard-390.png"), FullPage = true });
    }
}
