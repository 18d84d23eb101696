namespace Ordo.Admin;

/// <summary>
/// Where the panel runs and where the API is. Served by the Ordo host, both share one origin; deployed as static
/// files on its own origin, the deployer sets <c>ApiBaseAddress</c> in <c>wwwroot/appsettings.json</c> (shipped empty:
/// Blazor reads only the configuration files its build listed) and the API allows the panel's origin for CORS
/// (<c>Cors:AllowedOrigins</c>); docs/operations.md, "The admin panel on its own origin".
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
