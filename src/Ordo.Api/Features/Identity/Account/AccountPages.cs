using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

using Ordo.Api.Infrastructure.Identity;

namespace Ordo.Api.Features.Identity.Account;

/// <summary>
/// The hosted account pages under <c>/account</c>: where the sign-in page's links and every link Ordo mails lead
/// (registration, forgotten password, password reset, email confirmation, email change). Server-rendered like the
/// sign-in page: no scripts, everything HTML-encoded, an antiforgery token on every form, and a GET never changes
/// anything (link scanners open mailed links). Each page's POST calls the same use case (<c>ExecuteAsync</c>) as its API
/// endpoint and shows the refusal's message, so the rules (attempt limits aside, which each page declares like its
/// endpoint) are the endpoint's.
/// </summary>
public static class AccountPages
{
    public static void MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapRegisterPage();
        app.MapConfirmEmailPage();
        app.MapForgotPasswordPage();
        app.MapResetPasswordPage();
        app.MapConfirmEmailChangePage();
    }

    /// <summary>Outside Development the antiforgery cookie is Secure: over plain HTTP a page asks for HTTPS instead.</summary>
    internal static IResult? RefusedOverPlainHttp(HttpContext http, string action) =>
        HostedPages.RefusedOverPlainHttp(http, "This page needs HTTPS", action);

    /// <summary>A form posting to <paramref name="action"/> with the antiforgery token, hidden fields and then <paramref name="fields"/>.</summary>
    internal static string Form(
        HttpContext http, IAntiforgery antiforgery, string action, IReadOnlyDictionary<string, string?> hidden, string fields, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var builder = new StringBuilder();
        if (error is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"<p role=\"alert\">{HostedPages.E(error)}</p>");
        }

        builder.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{HostedPages.E(action)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{HostedPages.E(tokens.FormFieldName)}\" value=\"{HostedPages.E(tokens.RequestToken)}\">");
        foreach (var (name, value) in hidden)
        {
            builder.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{HostedPages.E(name)}\" value=\"{HostedPages.E(value)}\">");
        }

        return builder.Append(fields).Append("</form>").ToString();
    }

    /// <summary>A link to the sign-in page, back to <paramref name="returnUrl"/> (a local URL) afterwards.</summary>
    internal static string SignInLink(string? returnUrl, string text = "Sign in") =>
        HostedPages.Link(HostedPages.SignInPath, returnUrl, text);

    internal static async Task<(IFormCollection Form, bool Valid)> ReadFormAsync(HttpContext http, IAntiforgery antiforgery)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return (form, await antiforgery.IsRequestValidAsync(http));
    }

    internal const string FormExpired = "The form expired; please try again.";
}
