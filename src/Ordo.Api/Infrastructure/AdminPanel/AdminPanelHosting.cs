namespace Ordo.Api.Infrastructure.AdminPanel;

/// <summary>
/// Serves the admin panel (src/Ordo.Admin, Blazor WebAssembly) at <c>/admin</c>: its published files as static assets
/// (precompressed, fingerprinted, with ETags), every other address under <c>/admin/</c> as its <c>index.html</c> so that
/// deep links and reloads work, and a strict Content-Security-Policy of its own (docs/decisions/0026). The API's
/// paths keep theirs; the panel calls the API over HTTP with bearer tokens like any other client.
/// </summary>
public static class AdminPanelHosting
{
    public const string Path = "/admin";

    /// <summary>
    /// WebAssembly needs <c>'wasm-unsafe-eval'</c> (compiling the runtime's modules), nothing more: no inline script,
    /// no <c>eval</c>, styles only from the host's stylesheet, calls only to this origin, and no framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; manifest-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string IndexPath = Path + "/index.html";

    /// <summary>
    /// Run from a build (not a publish), the panel's files are where its project builds them, listed in a manifest
    /// beside the host's assembly; Development reads it on its own, and so does every environment here (tests run in
    /// Testing). A published host has no manifest (its files are in wwwroot), and this does nothing.
    /// </summary>
    public static WebApplicationBuilder AddOrdoAdminPanel(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseStaticWebAssets();
        // Run from a build, MapStaticAssets would also map a catch-all GET/HEAD route, {**path:file}, for files added
        // after the build: it turned unknown addresses anywhere into 405s and 401s and answered no permission check.
        // The panel's files are all in the manifest; nothing else is served.
        builder.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";
        return builder;
    }

    /// <summary>Before routing: <c>/admin</c> → <c>/admin/</c>, and a panel page address → the panel's index.html.</summary>
    public static IApplicationBuilder UseOrdoAdminPanel(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if (!path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase, out var rest))
            {
                await next(http);
                return;
            }

            if (!rest.HasValue)
            {
                http.Response.Redirect(Path + "/" + http.Request.QueryString, permanent: false);
                return;
            }

            SetHeaders(http.Response);
            var lastSegment = rest.Value![(rest.Value!.LastIndexOf('/') + 1)..];
            if (!lastSegment.Contains('.', StringComparison.Ordinal) && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
            {
                // A page of the single-page app (orders/..., signed-in): the app's router decides what it shows.
                http.Request.Path = IndexPath;
            }

            await next(http);
        });

    /// <summary>The panel's files as endpoints anyone may fetch (they hold no data: every API call needs a token).</summary>
    public static IEndpointRouteBuilder MapOrdoAdminPanel(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapStaticAssets().AllowAnonymous();
        return endpoints;
    }

    private static void SetHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        // The sign-in callback's address carries the code: no page it links to learns it.
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
