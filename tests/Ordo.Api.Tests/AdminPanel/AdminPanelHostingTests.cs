using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Ordo.Api.Infrastructure.AdminPanel;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>How the host serves the panel at /admin: its files, its deep links, and a CSP of its own.</summary>
public sealed class AdminPanelHostingTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private HttpClient Browser() => fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/admin/")]
    [InlineData("/admin/orders")]
    [InlineData("/admin/orders/019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f90")]
    [InlineData("/admin/signed-in?code=abc&state=xyz")]
    [InlineData("/ADMIN/orders")] // routing ignores case: so must the policy
    [InlineData("/Admin/index.html")]
    public async Task Every_page_of_the_panel_is_its_index_page_under_the_strict_policy(string address)
    {
        using var response = await Browser().GetAsync(new Uri(address, UriKind.Relative), Cancellation);
        var html = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<base href=\"/admin/\">", html, StringComparison.Ordinal);
        Assert.Equal(AdminPanelHosting.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // no inline script: the policy would block it
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_allows_webassembly_but_no_inline_script_or_style_and_no_framing()
    {
        Assert.Contains("script-src 'self' 'wasm-unsafe-eval';", AdminPanelHosting.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", AdminPanelHosting.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", AdminPanelHosting.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", AdminPanelHosting.ContentSecurityPolicy, StringComparison.Ordinal);

        using var script = await Browser().GetAsync(new Uri("/admin/_framework/blazor.webassembly.js", UriKind.Relative), Cancellation);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_bare_panel_address_redirects_to_its_base()
    {
        using var response = await Browser().GetAsync(new Uri("/admin", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_api_keeps_its_own_headers_and_no_panel_policy()
    {
        using var response = await Browser().GetAsync(new Uri("/api/v1/orders", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task A_missing_panel_file_is_not_answered_with_the_index_page()
    {
        using var response = await Browser().GetAsync(new Uri("/admin/css/missing.css", UriKind.Relative), Cancellation);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
