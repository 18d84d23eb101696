using System.Text;
using System.Text.Encodings.Web;
using Ordo.Api.Infrastructure.Pipeline;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// What the server-rendered pages of the token server (sign-in) and of the accounts (register, reset, confirm) share:
/// their addresses, their strict headers and HTML frame, and the rules every page with a form follows.
/// </summary>
public static class HostedPages
{
    public const string SignInPath = "/account/login";
    public const string RegisterPath = "/account/register";
    public const string ForgotPasswordPath = "/account/forgot-password";
    public const string StylesheetPath = "/account/pages.css";

    private static readonly byte[] Stylesheet = ReadStylesheet();

    /// <summary>The stylesheet's content version: its address changes with it, so browsers may keep it for good.</summary>
    private static readonly string StylesheetVersion = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Stylesheet))[..16];

    /// <summary>Where the pages link their stylesheet: its path with its content version.</summary>
    public static readonly string StylesheetHref = $"{StylesheetPath}?v={StylesheetVersion}";

    /// <summary>
    /// Outside Development the pages' cookies (sign-in, antiforgery) are Secure, so over plain HTTP (no TLS, and no
    /// known proxy saying the client used HTTPS) a page with a form answers 400 instead of setting cookies the browser
    /// would drop (the antiforgery system would throw, a 500). Every page with a form asks this first.
    /// </summary>
    public static IResult? RefusedOverPlainHttp(HttpContext http, string title = "Sign-in needs HTTPS", string action = "sign in") =>
        http.Request.IsHttps || TransportSecurity.CookiePolicy(http.RequestServices.GetRequiredService<IHostEnvironment>()) != CookieSecurePolicy.Always
            ? null
            : Html(http, Page(title, $"<p>Open this page over HTTPS to {E(action)}.</p>"), StatusCodes.Status400BadRequest);

    /// <summary>Only a path on this server: anything else would make the page an open redirect.</summary>
    public static string? Local(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? url
            : null;

    public static IResult Html(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + $"<title>{E(title)} · Ordo</title><link rel=\"stylesheet\" href=\"{StylesheetHref}\"></head>"
        + $"<body><header class=\"top-bar\">Ordo</header><main><h1>{E(title)}</h1>{body}</main></body></html>";

    /// <summary>
    /// The pages' stylesheet, public. Asked for by its current version (<see cref="StylesheetHref"/>) it may be cached
    /// for good; by any other address (a page of the previous release) it is revalidated each time, by its ETag.
    /// </summary>
    public static void MapHostedPagesStylesheet(this IEndpointRouteBuilder app) =>
        app.MapGet(StylesheetPath, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = http.Request.Query["v"] == StylesheetVersion ? "public, max-age=31536000, immutable" : "no-cache";
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.Bytes(Stylesheet, "text/css; charset=utf-8", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{StylesheetVersion}\""));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

    private static byte[] ReadStylesheet()
    {
        using var stream = typeof(HostedPages).Assembly.GetManifestResourceStream("Ordo.Api.hosted-pages.css")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A link to another hosted page, carrying the local <paramref name="returnUrl"/> along.</summary>
    public static string Link(string path, string? returnUrl, string text) =>
        $"<p><a href=\"{E(returnUrl is null ? path : path + "?returnUrl=" + Uri.EscapeDataString(returnUrl))}\">{E(text)}</a></p>";
}
