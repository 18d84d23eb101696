namespace Ordo.Admin;

/// <summary>
/// Where the panel runs and where the API is. Served by the Ordo host, both share one origin; deployed as static
/// files on its own origin, <c>wwwroot/appsettings.json</c> (present when the panel is published: Blazor reads only the
/// files its build listed) names the API (<c>ApiBaseAddress</c>) and the API allows the panel's origin for CORS
/// (<c>Cors:AllowedOrigins</c>); docs/decisions/0026 says what is not proven yet.
/// </summary>
public sealed record PanelSettings(Uri PanelBase, Uri ApiBase)
{
    public const string ClientId = "ordo-admin";

    /// <summary>Where the token server sends the browser back with a code (registered for <c>ordo-admin</c>).</summary>
    public Uri SignedInUri => new(PanelBase, "signed-in");

    /// <summary>Where the token server sends the browser after signing out (registered for <c>ordo-admin</c>).</summary>
    public Uri SignedOutUri => new(PanelBase, "signed-out");

    public static PanelSettings From(Uri panelBase, string? configuredApiBase)
    {
        ArgumentNullException.ThrowIfNull(panelBase);
        var api = string.IsNullOrWhiteSpace(configuredApiBase)
            ? new Uri(panelBase.GetLeftPart(UriPartial.Authority) + "/")
            : new Uri(configuredApiBase.EndsWith('/') ? configuredApiBase : configuredApiBase + "/");
        return new PanelSettings(panelBase, api);
    }
}
