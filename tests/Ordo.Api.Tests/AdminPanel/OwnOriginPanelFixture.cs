using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Ordo.Api.Infrastructure.AdminPanel;

namespace Ordo.Api.Tests.AdminPanel;

/// <summary>
/// The admin panel deployed as static files on an origin of its own, apart from the API: a second Kestrel serves the
/// panel's built files at <c>https://127.0.0.1:{port}/admin/</c> (another site than the API's <c>localhost</c>, so cookies
/// and CORS are tested across sites), with the <c>appsettings.json</c> a deployer writes beside <c>index.html</c> naming the
/// API, and the panel's Content-Security-Policy with the API's origin added to <c>connect-src</c>
/// (docs/operations.md, "The admin panel on its own origin"). The API allows that origin through configuration only:
/// <c>Cors:AllowedOrigins</c> and <c>Auth:AdminClient</c>'s redirect URIs.
/// </summary>
public sealed class OwnOriginPanelFixture : PanelFixture
{
    private readonly int _panelPort = FreePort();
    private WebApplication? _panelServer;

    public override Uri PanelOrigin => new($"https://127.0.0.1:{_panelPort}/");

    private string PanelOriginText => PanelOrigin.GetLeftPart(UriPartial.Authority);

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>(base.Settings!)
    {
        ["Cors:AllowedOrigins:0"] = PanelOriginText,
        ["Auth:AdminClient:RedirectUris:0"] = new Uri(PanelOrigin, "admin/signed-in").ToString(),
        ["Auth:AdminClient:PostLogoutRedirectUris:0"] = new Uri(PanelOrigin, "admin/signed-out").ToString(),
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        if (UnavailableReason is null)
        {
            _panelServer = await StartPanelServerAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_panelServer is not null)
        {
            await _panelServer.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>
    /// Only the panel's own files (the manifest its build wrote beside this assembly), nothing of the host: what a
    /// static file server holding the published panel offers, with the addresses of its pages answered by index.html.
    /// </summary>
    private async Task<WebApplication> StartPanelServerAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "Ordo.Admin",
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _panelPort, listen => listen.UseHttps(Certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();

        var policy = AdminPanelHosting.ContentSecurityPolicy.Replace("connect-src 'self'", $"connect-src 'self' {BaseAddress.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal);
        var deployedSettings = $$"""{ "ApiBaseAddress": "{{BaseAddress}}" }""";
        app.UsePathBase("/admin");
        app.Use(async (http, next) =>
        {
            if (!http.Request.PathBase.HasValue)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Response.Headers.ContentSecurityPolicy = policy;
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            var path = http.Request.Path.Value ?? "/";
            if (path == "/appsettings.json")
            {
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(deployedSettings);
                return;
            }

            if (!path[(path.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal))
            {
                http.Request.Path = "/index.html";
            }

            await next(http);
        });
        app.UseRouting();
        app.MapStaticAssets();
        await app.StartAsync();
        return app;
    }
}
