using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Ordo.Api.Infrastructure.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Features.Identity.Auth;

/// <summary>
/// <c>GET/POST /connect/authorize</c> (authorization code + PKCE S256; OpenIddict has validated the client, the
/// redirect URI and the code challenge). Without a valid sign-in cookie the browser goes to the sign-in page and
/// comes back here; with one, the code is issued at once (first-party client: no consent screen).
/// </summary>
public static class AuthorizeEndpoint
{
    public static void MapAuthorizeEndpoint(this IEndpointRouteBuilder app) =>
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> AuthorizeAsync(HttpContext http, UserSignIn signIn)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cookie = await http.AuthenticateAsync(SignInPage.CookieScheme);
        var outcome = cookie.Succeeded ? await signIn.RenewAsync(cookie.Principal, http.RequestAborted) : null;
        var mustSignIn = outcome?.User is null || request.HasPromptValue(PromptValues.Login);
        if (!mustSignIn)
        {
            return Results.SignIn(signIn.PrincipalFor(outcome!.User!, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.HasPromptValue(PromptValues.None))
        {
            return TokenEndpoint.Reject(Errors.LoginRequired, "The user is not signed in.");
        }

        if (cookie.Succeeded)
        {
            await http.SignOutAsync(SignInPage.CookieScheme);
        }

        // Back to this request after signing in; without prompt=login, which would send the user round again.
        var parameters = request.GetParameters()
            .Where(parameter => parameter.Key != Parameters.Prompt)
            .Select(parameter => KeyValuePair.Create(parameter.Key, (string?)parameter.Value));
        return Results.Challenge(
            new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters) },
            [SignInPage.CookieScheme]);
    }
}
