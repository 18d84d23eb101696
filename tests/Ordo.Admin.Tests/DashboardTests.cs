using Bunit;
using Ordo.Admin.Reports;

namespace Ordo.Admin.Tests;

public sealed class DashboardTests : BunitContext
{
    private static string Summary(string statuses, string today, string week, int pending, int toShip, string lowStock) => $$$"""
        {"generatedAt":"2026-12-07T12:00:00Z",
         "today":{"from":"2026-12-07T00:00:00Z","to":"2026-12-08T00:00:00Z","currencies":{{{today}}}},
         "week":{"from":"2026-12-07T00:00:00Z","to":"2026-12-14T00:00:00Z","currencies":{{{week}}}},
         "ordersByStatus":{{{statuses}}},"pendingPayment":{{{pending}}},"toShip":{{{toShip}}},
         "lowStock":{"threshold":5,"products":{{{lowStock}}},"hasMore":false}}
        """;

    private const string SomeStatuses = """[{"status":"pending","count":2},{"status":"open","count":3},{"status":"completed","count":7},{"status":"cancelled","count":1},{"status":"expired","count":0}]""";
    private const string NoStatuses = """[{"status":"pending","count":0},{"status":"open","count":0},{"status":"completed","count":0},{"status":"cancelled","count":0},{"status":"expired","count":0}]""";

    [Fact]
    public void The_dashboard_shows_sales_per_currency_the_work_to_do_with_links_and_low_stock()
    {
        var api = new FakeApi().On(HttpMethod.Get, "/api/v1/reports/summary", _ => FakeApi.Json(Summary(
            SomeStatuses,
            """[{"currency":"EUR","orders":3,"revenue":{"amount":350000,"currency":"EUR"}}]""",
            """[{"currency":"EUR","orders":4,"revenue":{"amount":800000,"currency":"EUR"}},{"currency":"GBP","orders":1,"revenue":{"amount":2500,"currency":"GBP"}}]""",
            2, 1,
            $$"""[{"id":"{{Guid.NewGuid()}}","sku":"MUG-BLUE","name":"Blue mug","stockOnHand":3,"stockReserved":1,"stockAvailable":2}]""")));
        api.Register(this, "orders.read", "orders.export");

        var screen = Render<Dashboard>();

        screen.WaitForAssertion(() => Assert.Equal("2", screen.Find("[data-figure=pending-payment]").TextContent));
        Assert.Equal("1", screen.Find("[data-figure=to-ship]").TextContent);
        var periods = screen.FindAll("table.period");
        Assert.Equal(["EUR 3 3,500.00 EUR"], periods[0].QuerySelectorAll("tbody tr").Select(Text));
        Assert.Equal(["EUR 4 8,000.00 EUR", "GBP 1 25.00 GBP"], periods[1].QuerySelectorAll("tbody tr").Select(Text));
        Assert.Equal(
            ["orders?status=pending", "orders?status=open", "orders?status=completed", "orders?status=cancelled", "orders?status=expired"],
            screen.FindAll(".by-status a").Select(a => a.GetAttribute("href")));
        Assert.Equal("pending 2", Text(screen.FindAll(".by-status a")[0]));
        Assert.Equal(["orders?status=pending", "orders?status=open"], screen.FindAll(".work a").Select(a => a.GetAttribute("href")));
        Assert.Equal(["Blue mug MUG-BLUE 2 3 1"], screen.FindAll("table.low-stock tbody tr").Select(Text));
    }

    [Fact]
    public void A_shop_without_orders_gets_the_empty_state_and_still_its_stock()
    {
        var api = new FakeApi().On(HttpMethod.Get, "/api/v1/reports/summary", _ => FakeApi.Json(Summary(NoStatuses, "[]", "[]", 0, 0, "[]")));
        api.Register(this, "orders.export");

        var screen = Render<Dashboard>();

        screen.WaitForAssertion(() => Assert.Contains("No orders yet.", screen.Find(".empty").TextContent, StringComparison.Ordinal));
        Assert.Empty(screen.FindAll(".by-status"));
        Assert.Contains("No active product has fewer than 5 units available.", screen.Find(".empty-note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_load_shows_the_problem_with_its_trace_id_and_trying_again_loads_the_figures()
    {
        var calls = 0;
        var api = new FakeApi().On(HttpMethod.Get, "/api/v1/reports/summary", _ => ++calls == 1
            ? FakeApi.Problem(503, "service_unavailable", "The database is not answering.", "trace-503")
            : FakeApi.Json(Summary(SomeStatuses, "[]", "[]", 2, 1, "[]")));
        api.Register(this, "orders.export");
        var screen = Render<Dashboard>();
        screen.WaitForAssertion(() => Assert.Contains("trace-503", screen.Find(".problem").TextContent, StringComparison.Ordinal));
        Assert.Contains("The database is not answering.", screen.Find(".problem").TextContent, StringComparison.Ordinal);

        screen.Find("button").Click();

        screen.WaitForAssertion(() => Assert.Equal("2", screen.Find("[data-figure=pending-payment]").TextContent));
        Assert.Empty(screen.FindAll(".problem"));
        Assert.Equal("No orders placed today.", screen.Find(".card .empty-note").TextContent);
    }

    [Fact]
    public void A_caller_without_the_permission_is_told_so_and_nothing_is_asked_of_the_api()
    {
        var api = new FakeApi();
        api.Register(this, "orders.read");

        var screen = Render<Dashboard>();

        Assert.Contains("does not include the dashboard", screen.Find(".empty").TextContent, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    private static string Text(AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.TextContent.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
