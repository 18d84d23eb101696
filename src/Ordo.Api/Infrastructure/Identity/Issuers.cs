using Microsoft.AspNetCore.Http.Extensions;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Who issues Ordo's tokens: <c>Auth:Issuer</c> when set (required outside Development), otherwise, in Development
/// only, the base URI of the request at hand, which is what OpenIddict itself uses when its issuer is not set
/// (ADR 12: a service started with <c>--urls http://localhost:6000</c> must not advertise another URL).
/// </summary>
public static class Issuers
{
    public const string RequiredMessage =
        "Auth:Issuer is required outside Development: the absolute public base URI clients use, at the root of its host "
        + "(the sign-in pages and the admin panel are served at fixed paths), http or https, without user info, query or fragment, e.g. https://shop.example/.";

    /// <summary>
    /// Applies the rule above at start-up: outside Development an absolute issuer must be configured, and any issuer
    /// is a host's root: behind a proxy that adds a path, the pages' links and the panel's redirect addresses
    /// (<c>/account/login</c>, <c>/admin/signed-in</c>) would lead past the service. Tokens carry it as <c>iss</c> and
    /// clients compare it exactly, so a query, fragment or user info has no place in it (OpenID Connect Discovery 1.0).
    /// </summary>
    public static bool IsValid(AuthOptions auth, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(environment);
        return auth.Issuer is not { } issuer
            ? environment.IsDevelopment()
            : issuer.IsAbsoluteUri && (issuer.Scheme == Uri.UriSchemeHttps || issuer.Scheme == Uri.UriSchemeHttp)
                && issuer.AbsolutePath == "/" && issuer.Query.Length == 0 && issuer.Fragment.Length == 0 && issuer.UserInfo.Length == 0;
    }

    /// <summary>The configured issuer, or the request's base URI (<c>scheme://host/pathbase/</c>) when none is configured.</summary>
    public static Uri For(AuthOptions auth, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(request);
        return auth.Issuer ?? new Uri(UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, "/"));
    }
}
