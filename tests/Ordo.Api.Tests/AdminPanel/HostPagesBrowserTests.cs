using Microsoft.Playwright;
using static Ordo.Api.Tests.AdminPanel.PanelSteps;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>The host's own pages in a real browser: the API reference at /docs.</summary>
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
        foreach (var control in new[] { "Ask AI", "Deploy", "Generate SDK", "Share", "Configure" })
        {
            await Expect(page.GetByText(control, new() { Exact = false })).ToHaveCountAsync(0);
        }
    }
}
