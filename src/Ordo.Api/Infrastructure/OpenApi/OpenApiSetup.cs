using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Identity;
using Scalar.AspNetCore;

namespace Ordo.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddOrdoOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options => options.AddOrdoConventions().AddOrdoSecurity().AddRateLimitHeaders().AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Ordo API";
            document.Info.Version = "v1";
            document.Info.Description =
                "Order management: catalogue and stock, customers, orders with their payment, fulfilment and refunds. " +
                "Errors are RFC 9457 problem+json documents with a stable `type` and `code`.";
            // The server URL depends on where the service is reached; leaving it out keeps the checked-in document stable.
            document.Servers?.Clear();
            return Task.CompletedTask;
        }));

    /// <summary>Where the interactive reference is served; a redirect URI of the admin client on this path makes its sign-in work.</summary>
    public const string DocsPath = "/docs";

    /// <summary>
    /// The OpenAPI document and the interactive docs, public when <c>ApiDocs:Enabled</c> is true: by default in
    /// Development only, so a deployment does not publish its whole surface unless it chooses to.
    /// </summary>
    public static IEndpointRouteBuilder MapOrdoApiDocs(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        var environment = endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (!configuration.GetValue("ApiDocs:Enabled", defaultValue: environment.IsDevelopment()))
        {
            return endpoints;
        }

        var signInRedirect = DocsRedirectUri(endpoints.ServiceProvider.GetRequiredService<IOptions<AdminClientOptions>>().Value);
        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        endpoints.MapScalarApiReference(DocsPath, options =>
            {
                options
                    .WithTitle("Ordo API")
                    .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                    // Nothing from other hosts: the page must work offline and tell no one who reads it. Scalar's
                    // defaults fetch fonts from its CDN, count requests sent (telemetry), offer an AI chat and MCP
                    // set-up through its servers, a button that uploads the document to its client, and on localhost a
                    // developer toolbar (configure, share, generate SDK, deploy) backed by its hosted services.
                    .DisableDefaultFonts()
                    .DisableTelemetry()
                    .DisableAgent()
                    .DisableMcp()
                    .HideClientButton()
                    .HideDeveloperTools()
                    .WithNonce();
                if (signInRedirect is not null)
                {
                    // The "Authorize" tab signs in as the admin panel does (PKCE S256), returning to this page.
                    options
                        .AddPreferredSecuritySchemes(OpenApiSecurity.SchemeName)
                        .AddAuthorizationCodeFlow(OpenApiSecurity.SchemeName, flow => flow
                            .WithClientId(AuthOptions.AdminClientId)
                            .WithPkce(Pkce.Sha256)
                            .WithRedirectUri(signInRedirect.AbsoluteUri)
                            .WithSelectedScopes("openid", "offline_access"));
                }
            })
            .AllowAnonymous()
            .Add(endpoint =>
            {
                var render = endpoint.RequestDelegate!;
                endpoint.RequestDelegate = http =>
                {
                    http.Response.OnStarting(() =>
                    {
                        http.Response.Headers.ContentSecurityPolicy = DocsContentSecurityPolicy(http.Items[ScalarOptions.NonceHttpContextItemKey] as string);
                        return Task.CompletedTask;
                    });
                    return render(http);
                };
            });
        return endpoints;
    }

    /// <summary>
    /// The admin client's redirect URI on the docs page itself (<c>{origin}/docs/</c>), registered in Development by
    /// <c>appsettings.Development.json</c>; null when none is registered, and the docs offer no preconfigured sign-in.
    /// </summary>
    public static Uri? DocsRedirectUri(AdminClientOptions adminClient)
    {
        ArgumentNullException.ThrowIfNull(adminClient);
        return adminClient.RedirectUris.FirstOrDefault(uri => uri.IsAbsoluteUri && uri.AbsolutePath == DocsPath + "/");
    }

    /// <summary>
    /// Everything from this origin only (fonts included), scripts only with the page's nonce. Styles may be inline:
    /// the reference injects its own. Sign-in happens in a pop-up on this origin, so frames are not needed.
    /// </summary>
    private static string DocsContentSecurityPolicy(string? nonce) =>
        "default-src 'self'; "
        + (nonce is null ? "script-src 'self'; " : $"script-src 'self' 'nonce-{nonce}'; ")
        + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
        + "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
}
