using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>What every browser suite of the panel does: sign in through the real sign-in page, wait, keep artefacts.</summary>
public static partial class PanelSteps
{
    /// <summary>How long a step may take: the first load fetches and starts the WebAssembly runtime.</summary>
    public const float StepTimeout = 30_000;

    /// <summary>From the panel's sign-in button through the real sign-in page and back.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        // No session yet: the silent attempt comes back with login_required and the panel offers the sign-in button.
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync(new() { Timeout = StepTimeout });
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"No sign-in button at {page.Url}:\n{await page.ContentAsync()}\n{PanelFixture.BrowserLog(page)}", exception);
        }

        await Assertions.Expect(page).ToHaveURLAsync(SignInPage(), new() { Timeout = StepTimeout });
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await BackInThePanelAsync(page);
    }

    /// <summary>
    /// Waits until the browser is back on a page of the panel past its sign-in callback. Polls the address rather than
    /// waiting for a navigation event: the redirects and the panel's own client-side navigation can all be over
    /// before a wait for the event begins.
    /// </summary>
    public static async Task BackInThePanelAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(PanelPage(), new() { Timeout = StepTimeout * 2 });
        }
        catch (PlaywrightException exception)
        {
            throw new TimeoutException($"Not back in the panel: {page.Url}:\n{await page.ContentAsync()}\n{PanelFixture.BrowserLog(page)}", exception);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^https://[^/]+/account/login")]
    private static partial System.Text.RegularExpressions.Regex SignInPage();

    [System.Text.RegularExpressions.GeneratedRegex("^https://[^/]+/admin/(?!signed-in)")]
    private static partial System.Text.RegularExpressions.Regex PanelPage();

    /// <summary>Opens <paramref name="path"/> (under the host, e.g. <c>admin/orders</c>) and signs in there.</summary>
    public static async Task OpenSignedInAsync(IPage page, string path, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(path);
        await SignInAsync(page, email, password);
    }

    /// <summary>A path under the panel's artefacts directory (screenshots, accessibility reports), created if missing.</summary>
    public static string Artifact(string name)
    {
        Directory.CreateDirectory(PanelFixture.ArtifactsDirectory);
        return Path.Combine(PanelFixture.ArtifactsDirectory, name);
    }

    public static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>An axe-core scan of the page as it is now: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }
}
