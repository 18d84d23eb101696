using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Features.Auth;

namespace Ordo.Api.Features.Account;

/// <summary>
/// The hosted account pages under <c>/account</c>: where the sign-in page's links and every link Ordo mails lead
/// (registration, forgotten password, password reset, email confirmation, email change). Server-rendered like the
/// sign-in page: no scripts, everything HTML-encoded, an antiforgery token on every form, and a GET never changes
/// anything (link scanners open mailed links). Each page's POST calls the same handler as its API endpoint, so the
/// rules (attempt limits aside, which each page declares like its endpoint) are the endpoint's.
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
        SignInPage.RefusedOverPlainHttp(http, "This page needs HTTPS", action);

    /// <summary>A form posting to <paramref name="action"/> with the antiforgery token, hidden fields and then <paramref name="fields"/>.</summary>
    internal static string Form(
        HttpContext http, IAntiforgery antiforgery, string action, IReadOnlyDictionary<string, string?> hidden, string fields, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var builder = new StringBuilder();
        if (error is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $"<p role=\"alert\">{SignInPage.E(error)}</p>");
        }

        builder.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{SignInPage.E(action)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{SignInPage.E(tokens.FormFieldName)}\" value=\"{SignInPage.E(tokens.RequestToken)}\">");
        foreach (var (name, value) in hidden)
        {
            builder.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{SignInPage.E(name)}\" value=\"{SignInPage.E(value)}\">");
        }

        return builder.Append(fields).Append("</form>").ToString();
    }

    /// <summary>A link to the sign-in page, back to <paramref name="returnUrl"/> (a local URL) afterwards.</summary>
    internal static string SignInLink(string? returnUrl, string text = "Sign in") =>
        Link(SignInPage.Path, returnUrl, text);

    /// <summary>A link to another account page, carrying the local <paramref name="returnUrl"/> along.</summary>
    internal static string Link(string path, string? returnUrl, string text) =>
        $"<p><a href=\"{SignInPage.E(returnUrl is null ? path : path + "?returnUrl=" + Uri.EscapeDataString(returnUrl))}\">{SignInPage.E(text)}</a></p>";

    /// <summary>The detail of a refusal from an API handler, to show on the page; null when the handler succeeded.</summary>
    internal static ProblemHttpResult? Refusal(IResult result) => result as ProblemHttpResult;

    internal static async Task<(IFormCollection Form, bool Valid)> ReadFormAsync(HttpContext http, IAntiforgery antiforgery)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return (form, await antiforgery.IsRequestValidAsync(http));
    }

    internal const string FormExpired = "The form expired; please try again.";
}
