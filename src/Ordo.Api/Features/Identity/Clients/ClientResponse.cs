using OpenIddict.Abstractions;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using ClientTypes = OpenIddict.Abstractions.OpenIddictConstants.ClientTypes;

namespace Ordo.Api.Features.Identity.Clients;

/// <summary>An OAuth client. Its secret is never shown again after creation or rotation (only its hash is stored).</summary>
/// <param name="Type"><c>confidential</c> (integration, client_credentials) or <c>public</c> (a browser or mobile app: authorization code + PKCE).</param>
/// <param name="Scopes">The permissions a confidential client may request as scopes (public clients act with the signed-in user's permissions: none).</param>
/// <param name="BuiltIn">The <c>ordo-admin</c> panel client: can't be deleted or given a secret.</param>
/// <param name="RedirectUris">Public clients: where authorization codes may be sent.</param>
/// <param name="PostLogoutRedirectUris">Public clients: where the browser may return after signing out.</param>
/// <param name="AllowedOrigins">Public clients: the browser origins the API answers cross-origin requests from (CORS).</param>
public sealed record ClientResponse(
    string ClientId,
    string? DisplayName,
    [property: ClosedSet("ClientType", typeof(ClientResponse), nameof(ClientResponse.Types))] string? Type,
    [property: ClosedSet("Permission", typeof(Permissions), nameof(Permissions.Catalogue))] IReadOnlyList<string> Scopes,
    bool BuiltIn,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> AllowedOrigins)
{
    public static readonly IReadOnlyList<string> Types = [ClientTypes.Confidential, ClientTypes.Public];

    /// <summary>Client ids are ours (<c>int-</c> or <c>app-</c> and 20 hex digits, or a built-in name): longer ones match nothing.</summary>
    public const int MaxClientIdLength = 100;

    public static async Task<ClientResponse> FromAsync(IOpenIddictApplicationManager applications, object application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applications);
        var clientId = (await applications.GetClientIdAsync(application, cancellationToken))!;
        var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
        return new ClientResponse(
            clientId,
            await applications.GetDisplayNameAsync(application, cancellationToken),
            await applications.GetClientTypeAsync(application, cancellationToken),
            [.. permissions.Where(p => p.StartsWith(OpenIddictConstants.Permissions.Prefixes.Scope, StringComparison.Ordinal))
                .Select(p => p[OpenIddictConstants.Permissions.Prefixes.Scope.Length..])
                .Where(Infrastructure.Authorization.Permissions.Exists)
                .Order(StringComparer.Ordinal)],
            clientId == AuthOptions.AdminClientId,
            [.. (await applications.GetRedirectUrisAsync(application, cancellationToken)).Order(StringComparer.Ordinal)],
            [.. (await applications.GetPostLogoutRedirectUrisAsync(application, cancellationToken)).Order(StringComparer.Ordinal)],
            [.. ClientOrigins.Of(await applications.GetPropertiesAsync(application, cancellationToken)).Order(StringComparer.Ordinal)]);
    }

    public static bool IsConfidential(string? type) => type == ClientTypes.Confidential;
}

/// <summary>The answer to rotating a secret: the only time the new secret is ever shown.</summary>
/// <param name="ClientSecret">Store it now: it can't be read again, only replaced.</param>
public sealed record ClientCredentialsResponse(
    string ClientId,
    string? DisplayName,
    [property: ClosedSet("Permission", typeof(Permissions), nameof(Permissions.Catalogue))] IReadOnlyList<string> Scopes,
    string ClientSecret);

/// <summary>The answer to creating a client: the client as <c>GET</c> shows it and, for a confidential client, its secret, shown this once.</summary>
/// <param name="ClientSecret">Confidential clients: store it now, it can't be read again, only replaced. Null for public clients, which have none.</param>
public sealed record CreatedClientResponse(
    string ClientId,
    string? DisplayName,
    [property: ClosedSet("ClientType", typeof(ClientResponse), nameof(ClientResponse.Types))] string? Type,
    [property: ClosedSet("Permission", typeof(Permissions), nameof(Permissions.Catalogue))] IReadOnlyList<string> Scopes,
    bool BuiltIn,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> AllowedOrigins,
    string? ClientSecret)
{
    public static CreatedClientResponse From(ClientResponse client, string? secret)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new(client.ClientId, client.DisplayName, client.Type, client.Scopes, client.BuiltIn, client.RedirectUris,
            client.PostLogoutRedirectUris, client.AllowedOrigins, secret);
    }
}
