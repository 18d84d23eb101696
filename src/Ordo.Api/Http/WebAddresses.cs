namespace Ordo.Api.Http;

/// <summary>
/// The addresses a browser application is registered with (redirect URIs, CORS origins) and the one rule they share:
/// HTTPS, or plain HTTP only to the loopback interface (a developer's machine), where nobody on the network can read
/// the code or the token on its way.
/// </summary>
public static class WebAddresses
{
    public const int MaxUriLength = 2000;

    /// <summary>
    /// The RFC 6454 serialization of <paramref name="value"/> (lowercase scheme and host, the port only when it is not
    /// the scheme's default), or null when it is not an origin: scheme, host and port only, no path, query, fragment,
    /// user info or wildcard.
    /// </summary>
    public static string? Origin(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxUriLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || !SecureOrLoopback(uri))
        {
            return null;
        }

        // What follows "scheme://" is the authority alone (one trailing slash tolerated): no path, query or fragment.
        var authority = value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..];
        authority = authority.EndsWith('/') ? authority[..^1] : authority;
        if (authority.Length == 0 || authority.IndexOfAny(['/', '\\', '?', '#', '@', '*']) >= 0)
        {
            return null;
        }

        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}{port}";
    }

    /// <summary>
    /// Why <paramref name="value"/> can't be a redirect URI, or null: it must be absolute, HTTPS (HTTP only to a loopback
    /// host), without user info and without a fragment (RFC 6749 §3.1.2).
    /// </summary>
    public static string? RedirectUriProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxUriLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return "Give an absolute URI.";
        }

        if (!SecureOrLoopback(uri))
        {
            return "Use https (http only for localhost, 127.0.0.1 or [::1]).";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "A redirect URI can't carry user info.";
        }

        return uri.Fragment.Length > 0 || value.Contains('#', StringComparison.Ordinal) ? "A redirect URI can't have a fragment (#)." : null;
    }

    private static bool SecureOrLoopback(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
}
