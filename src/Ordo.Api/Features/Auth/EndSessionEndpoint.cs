using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Server.AspNetCore;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Features.Auth;

/// <summary>
/// <c>GET/POST /connect/endsession</c>: ends the sign-in cookie and every session of its user (refresh tokens
/// revoked, access tokens void from the next request), then OpenIddict returns to the client's registered
/// post-logout URI.
/// </summary>
public static class EndSessionEndpoint
{
    public static void MapEndSessionEndpoint(this IEndpointRouteBuilder app) =>
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], EndSessionAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> EndSessionAsync(HttpContext http, UserManager<OrdoUser> users, UserSessions sessions)
    {
        var cookie = await http.AuthenticateAsync(SignInPage.CookieScheme);
        if (cookie.Succeeded && cookie.Principal.FindFirst(Claims.Subject)?.Value is { } subject
            && await users.FindByIdAsync(subject) is { } user)
        {
            await sessions.RevokeAllAsync(user, http.RequestAborted);
        }

        await http.SignOutAsync(SignInPage.CookieScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
