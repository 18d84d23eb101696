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
        "Auth:Issuer is required outside Development: the absolute public base URI clients use, e.g. https://shop.example/.";

    /// <summary>Applies the rule above at start-up: outside Development an absolute issuer must be configured.</summary>
    public static bool IsValid(AuthOptions auth, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(environment);
        return auth.Issuer is null ? environment.IsDevelopment() : auth.Issuer.IsAbsoluteUri;
    }

    /// <summary>The configured issuer, or the request's base URI (<c>scheme://host/pathbase/</c>) when none is configured.</summary>
    public static Uri For(AuthOptions auth, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(request);
        return auth.Issuer ?? new Uri(UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, "/"));
    }
}
