using System.Globalization;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Features.Identity.Auth;

/// <summary>
/// <c>GET/POST /connect/endsession</c> (RP-initiated logout). Sessions are ended (refresh tokens and authorizations
/// revoked, access tokens void from the next request) only when the request proves it comes from the user or their
/// client: a valid <c>id_token_hint</c> naming the signed-in user (or, without a sign-in cookie, any user it names),
/// or a POST of the confirmation form with its antiforgery token. Anything else, a cross-site GET riding on the
/// sign-in cookie in particular, gets the confirmation page and changes nothing. Then the sign-in cookie is
/// cleared and OpenIddict returns to the client's registered post-logout URI.
/// </summary>
public static class EndSessionEndpoint
{
    private const string Path = "/connect/endsession";

    public static void MapEndSessionEndpoint(this IEndpointRouteBuilder app) =>
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], EndSessionAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> EndSessionAsync(HttpContext http, IAntiforgery antiforgery, UserManager<OrdoUser> users, UserSessions sessions)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cookie = await http.AuthenticateAsync(SignInPage.CookieScheme);
        var signedIn = cookie.Succeeded ? cookie.Principal.FindFirst(Claims.Subject)?.Value : null;
        // OpenIddict has validated the hint (signature, issuer, audience) before this runs; an invalid one never gets here.
        var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var hinted = hint.Succeeded ? hint.Principal?.GetClaim(Claims.Subject) : null;

        string? subject;
        if (hinted is not null && (signedIn is null || signedIn == hinted))
        {
            subject = hinted;
        }
        else if (HostedPages.RefusedOverPlainHttp(http, "Signing out needs HTTPS", "sign out") is { } refused)
        {
            return refused; // the confirmation form's antiforgery cookie is Secure
        }
        else if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(http))
        {
            subject = signedIn;
        }
        else
        {
            return HostedPages.Html(http, ConfirmationPage(http, antiforgery, request));
        }

        if (subject is not null && await users.FindByIdAsync(subject) is { } user)
        {
            await sessions.RevokeAllAsync(user, http.RequestAborted);
        }

        await http.SignOutAsync(SignInPage.CookieScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>A form that posts the same logout request back, with an antiforgery token; no scripts.</summary>
    private static string ConfirmationPage(HttpContext http, IAntiforgery antiforgery, OpenIddictRequest request)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var form = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{HostedPages.E(Path)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{HostedPages.E(tokens.FormFieldName)}\" value=\"{HostedPages.E(tokens.RequestToken)}\">");
        foreach (var (name, value) in request.GetParameters())
        {
            if (name != Parameters.IdTokenHint && (string?)value is { } text)
            {
                form.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{HostedPages.E(name)}\" value=\"{HostedPages.E(text)}\">");
            }
        }

        form.Append("<p><button type=\"submit\">Sign out</button></p></form>");
        return HostedPages.Page("Sign out", "<p>Sign out of Ordo on every device? Your sessions end and you will need to sign in again.</p>" + form);
    }
}
