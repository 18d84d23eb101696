using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Account;
using Ordo.Api.Tests.Infrastructure;
using static Ordo.Api.Tests.AdminPanel.PanelSteps;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>The host's own pages in a real browser: the sign-in pages and the API reference at /docs.</summary>
public sealed class HostPagesBrowserTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    [Fact]
    public async Task The_API_reference_offers_no_control_for_a_hosted_service_it_cannot_reach_offline()
    {
        fixture.SkipWhenUnavailable();
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);

        await page.GotoAsync("docs/");
        // Rendered: the reference lists the operations (here the first tag's heading).
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ordo API" }).First).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await page.ScreenshotAsync(new() { Path = Artifact("docs-1280.png") });

        // Scalar's defaults on localhost: an AI chat, a developer toolbar with "Deploy" and "Generate SDK" — all
        // through Scalar's servers, which an offline deployment cannot reach and an online one should not tell.
        // The sidebar's search renders beside where the toolbar would: once it is there, the toolbar would be too.
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("Search") }).First).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        foreach (var control in new[] { "Ask AI", "Deploy .NET", "Generate SDK", "Share", "Configure", "Developer Tools" })
        {
            await Expect(page.GetByText(control, new() { Exact = true })).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task A_user_with_an_authenticator_signs_in_to_the_panel_through_styled_sign_in_pages_that_break_no_policy()
    {
        fixture.SkipWhenUnavailable();
        var (email, password) = await fixture.CreateUserAsync(BuiltInRoles.Support);
        var authenticator = await EnrolAuthenticatorAsync(email, password);
        await using var context = await fixture.NewContextAsync();
        var page = await PanelFixture.NewPageAsync(context);
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };

        await page.GotoAsync("admin/orders");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync(new() { Timeout = StepTimeout });
        await Expect(page.GetByLabel("Password")).ToBeVisibleAsync(new() { Timeout = StepTimeout });

        // The host's stylesheet applies (the panel's accent on the button, the page on a card), and nothing was refused.
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });
        Assert.Equal("rgb(29, 78, 216)", await button.EvaluateAsync<string>("element => getComputedStyle(element).backgroundColor"));
        Assert.Equal("8px", await page.Locator("main").EvaluateAsync<string>("element => getComputedStyle(element).borderTopLeftRadius"));
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Artifact("sign-in-1280.png") });
        await page.SetViewportSizeAsync(390, 844);
        await AssertAccessibleAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the sign-in page scrolls sideways at 390 px");
        await page.ScreenshotAsync(new() { Path = Artifact("sign-in-390.png") });

        // A wrong password: the error is shown in words, styled as an alert.
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password + "-wrong");
        await button.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        Assert.Equal("rgb(185, 28, 28)", await page.GetByRole(AriaRole.Alert).EvaluateAsync<string>("element => getComputedStyle(element).color"));

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-step verification" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Artifact("sign-in-code-390.png") });
        await page.GetByLabel("Code from your authenticator app, or a recovery code").FillAsync(authenticator.NextCode());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await BackInThePanelAsync(page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders" })).ToBeVisibleAsync(new() { Timeout = StepTimeout });
        await Expect(page.Locator(".who .email")).ToHaveTextAsync(email);
        Assert.Empty(refused);
    }

    /// <summary>Turns on an authenticator for the user through the account API, as the user would from an app.</summary>
    private async Task<TestAuthenticator> EnrolAuthenticatorAsync(string email, string password)
    {
        using var api = fixture.CreateApiClient(email, password);
        using var started = await api.PostAsJsonAsync(new Uri("/api/v1/account/mfa/authenticator", UriKind.Relative), new { password }, Cancellation);
        var key = (await started.ReadAsync<JsonElement>(HttpStatusCode.OK)).GetProperty("sharedKey").GetString()!;
        var authenticator = new TestAuthenticator(key);
        using var verified = await api.PostAsJsonAsync(new Uri("/api/v1/account/mfa/authenticator/verify", UriKind.Relative), new { code = authenticator.NextCode() }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        return authenticator;
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;
}
