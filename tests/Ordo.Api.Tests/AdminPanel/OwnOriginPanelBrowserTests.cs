using System.Net;
using Microsoft.Playwright;
using Ordo.Api.Features.Orders;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using static Ordo.Api.Tests.AdminPanel.PanelSteps;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>
/// The panel deployed as static files on another site than the API (<see cref="OwnOriginPanelFixture"/>): it signs in
/// through the API's sign-in page, calls the API across origins with its tokens, changes an order, survives a reload on
/// the token server's session and signs out, everything configured and nothing special-cased.
/// </summary>
public sealed class OwnOriginPanelBrowserTests(OwnOriginPanelFixture fixture) : IClassFixture<OwnOriginPanelFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_panel_on_its_own_origin_signs_in_pays_an_order_across_origins_keeps_the_session_on_reload_and_signs_out()
    {
        fixture.SkipWhenUnavailable();
        var admin = fixture.CreateAdminApiClient();
        var order = await new OrderTestData(fixture, admin).PendingOrderAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);
        var requests = new System.Collections.Concurrent.ConcurrentQueue<IRequest>();
        page.Request += (_, request) => requests.Enqueue(request);

        await OpenSignedInAsync(page, $"admin/orders/{order.Id}", TestAuth.AdminEmail, TestAuth.AdminPassword);
        Assert.StartsWith(new Uri(fixture.PanelOrigin, "admin/").ToString(), page.Url, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {order.Number}" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });

        // A change needs a preflight (Idempotency-Key, If-Match) and the ETag of the answer, exposed to the panel.
        await page.GetByLabel("Payment provider's reference").FillAsync("psp_own_origin");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Record payment of") }).ClickAsync();
        await Expect(page.GetByText("Payment recorded.")).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        var paid = await (await admin.GetAsync(new Uri($"/api/v1/orders/{order.Id}", UriKind.Relative), Cancellation)).ReadAsync<OrderResponse>(HttpStatusCode.OK);
        Assert.Equal("psp_own_origin", paid.PaymentReference);

        // The token server's session cookie comes along on the silent sign-in from another site.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Order {order.Number}" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        Assert.DoesNotContain("/account/login", page.Url, StringComparison.Ordinal);

        var apiOrigin = fixture.BaseAddress.GetLeftPart(UriPartial.Authority);
        var panelOrigin = fixture.PanelOrigin.GetLeftPart(UriPartial.Authority);
        var calls = requests.Where(r => r.ResourceType is "fetch" or "xhr").Select(r => r.Url).ToList();
        Assert.Contains(calls, url => url.StartsWith(apiOrigin + "/api/v1/orders/", StringComparison.Ordinal));
        Assert.Contains(calls, url => url == apiOrigin + "/connect/token");
        Assert.All(calls.Where(url => !url.StartsWith(panelOrigin + "/admin/", StringComparison.Ordinal)), url => Assert.StartsWith(apiOrigin + "/", url, StringComparison.Ordinal));
        var log = PanelFixture.BrowserLog(page);
        Assert.DoesNotContain("Content Security Policy", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("CORS", log, StringComparison.Ordinal);
        // A fetch the panel disposes as its body ends may be reported aborted; a refused one fails with another reason.
        Assert.DoesNotContain(log.Split('\n'), line => line.StartsWith("request failed", StringComparison.Ordinal) && !line.EndsWith("net::ERR_ABORTED", StringComparison.Ordinal));

        // Signing out ends the session on the token server: back on the panel's origin, a reload no longer signs in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You have signed out" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        Assert.Equal(new Uri(fixture.PanelOrigin, "admin/signed-out").ToString(), page.Url);
        await page.GotoAsync($"admin/orders/{order.Id}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
    }
}
