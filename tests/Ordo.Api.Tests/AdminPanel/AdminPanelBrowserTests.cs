using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using static Ordo.Api.Tests.AdminPanel.PanelSteps;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>
/// The admin panel in a real browser against a running Ordo: staff sign in through the real sign-in page (code + PKCE),
/// the panel offers exactly what the order's state and their permissions allow, and the API stays the authority.
/// </summary>
public sealed class AdminPanelBrowserTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_administrator_signs_in_through_the_sign_in_page_pays_an_order_and_sees_the_payment_on_its_timeline()
    {
        fixture.SkipWhenUnavailable();
        var order = await PendingOrderAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await OpenSignedInAsync(page, $"admin/orders/{order.Id}", TestAuth.AdminEmail, TestAuth.AdminPassword);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {order.Number}" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await page.GetByLabel("Payment provider's reference").FillAsync("psp_browser_test");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Record payment of") }).ClickAsync();

        await Expect(page.GetByText("Payment recorded.")).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await Expect(page.Locator(".states .badge")).ToHaveTextAsync("open");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("order.paid", new() { Timeout = StepTimeout });
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Record payment of") })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Artifact("order-detail-1280.png"), FullPage = true });

        var paid = await (await fixture.CreateAdminApiClient().GetAsync(new Uri($"/api/v1/orders/{order.Id}", UriKind.Relative), Cancellation))
            .ReadAsync<OrderResponse>(HttpStatusCode.OK);
        Assert.Equal("paid", paid.PaymentStatus);
        Assert.Equal("psp_browser_test", paid.PaymentReference);

        // Tokens live in memory only: a reload signs in again without a page, on the token server's session cookie.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {order.Number}" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        Assert.DoesNotContain("/account/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_orders_screen_lists_orders_and_has_no_serious_or_critical_accessibility_violation_at_either_width()
    {
        fixture.SkipWhenUnavailable();
        var order = await PendingOrderAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await OpenSignedInAsync(page, "admin/orders", TestAuth.AdminEmail, TestAuth.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = order.Number })).ToBeVisibleAsync(new() { Timeout = StepTimeout });

        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Artifact("orders-1280.png"), FullPage = true });

        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = order.Number })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the orders screen scrolls sideways at 390 px");
        await page.ScreenshotAsync(new() { Path = Artifact("orders-390.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = order.Number }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {order.Number}" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await page.ScreenshotAsync(new() { Path = Artifact("order-detail-390.png"), FullPage = true });
    }

    [Fact]
    public async Task A_user_without_orders_pay_sees_no_pay_button_and_a_payment_forced_from_the_page_is_refused()
    {
        fixture.SkipWhenUnavailable();
        var order = await PendingOrderAsync();
        var (email, password) = await fixture.CreateUserAsync(BuiltInRoles.Warehouse);
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);
        string? bearer = null;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/orders", StringComparison.Ordinal) && request.Headers.TryGetValue("authorization", out var header))
            {
                bearer = header;
            }
        };

        await OpenSignedInAsync(page, $"admin/orders/{order.Id}", email, password);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {order.Number}" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await Expect(page.GetByText("Nothing you can do on this order in its current state.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("payment|Cancel", System.Text.RegularExpressions.RegexOptions.IgnoreCase) })).ToHaveCountAsync(0);
        Assert.NotNull(bearer);

        // The page's own token, used by hand from the page: the API refuses what the panel did not offer.
        var status = await page.EvaluateAsync<JsonElement>(
            """
            async ([url, authorization, total]) => {
              const response = await fetch(url, {
                method: 'POST',
                headers: { 'Authorization': authorization, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
                body: JSON.stringify({ amount: total, externalReference: 'forced' }) });
              return { status: response.status, body: await response.json() };
            }
            """,
            new object[] { $"/api/v1/orders/{order.Id}/payment", bearer!, new { amount = order.Total.Amount, currency = order.Total.Currency } });
        Assert.Equal(403, status.GetProperty("status").GetInt32());
        Assert.Equal("permission_missing", status.GetProperty("body").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_change_made_elsewhere_while_the_order_is_open_is_explained_and_the_order_reloaded()
    {
        fixture.SkipWhenUnavailable();
        var order = await PendingOrderAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);
        await OpenSignedInAsync(page, $"admin/orders/{order.Id}", TestAuth.AdminEmail, TestAuth.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {order.Number}" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });

        var admin = fixture.CreateAdminApiClient();
        await new OrderTestData(fixture, admin).PayAsync(order); // someone else records the payment meanwhile

        await page.GetByLabel("Payment provider's reference").FillAsync("psp_late");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Record payment of") }).ClickAsync();

        var alert = page.Locator(".problem");
        try
        {
            await Expect(alert).ToContainTextAsync("Someone else changed this order", new() { Timeout = StepTimeout });
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException(PanelFixture.BrowserLog(page), exception);
        }

        await Expect(alert).ToContainTextAsync("Trace id");
        await Expect(page.Locator(".states .badge")).ToHaveTextAsync("open");
    }

    [Fact]
    public async Task A_support_agent_asking_for_more_than_the_refund_limit_is_told_why_and_nothing_is_refunded()
    {
        fixture.SkipWhenUnavailable();
        var data = new OrderTestData(fixture, fixture.CreateAdminApiClient());
        var product = await data.ProductAsync(stock: 5, price: 15_000);
        var placed = await (await data.PlaceAsync(await data.CustomerAsync(), (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var order = await data.PayAsync(placed); // 155.00 EUR; a support agent gives back at most 100.00 per order
        var (email, password) = await fixture.CreateUserAsync(BuiltInRoles.Support);
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await OpenSignedInAsync(page, $"admin/orders/{order.Id}", email, password);
        await page.GetByLabel("Amount (EUR)").FillAsync("120.00");
        await page.GetByLabel("Reason").FillAsync("Damaged in transit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("This refund goes over what you may give back on this order", new() { Timeout = StepTimeout });
        await Expect(alert).ToContainTextAsync("orders.refund.unlimited");
        await Expect(alert).ToContainTextAsync("Trace id");
        await page.ScreenshotAsync(new() { Path = Artifact("refund-limit-1280.png"), FullPage = true });

        var after = await (await fixture.CreateAdminApiClient().GetAsync(new Uri($"/api/v1/orders/{order.Id}", UriKind.Relative), Cancellation))
            .ReadAsync<OrderResponse>(HttpStatusCode.OK);
        Assert.Empty(after.Refunds);
    }

    private async Task<OrderResponse> PendingOrderAsync() =>
        await new OrderTestData(fixture, fixture.CreateAdminApiClient()).PendingOrderAsync();

}
