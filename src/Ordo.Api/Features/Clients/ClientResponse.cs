using OpenIddict.Abstractions;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using ClientTypes = OpenIddict.Abstractions.OpenIddictConstants.ClientTypes;

namespace Ordo.Api.Features.Clients;

/// <summary>An OAuth client. Its secret is never shown again after creation or rotation (only its hash is stored).</summary>
/// <param name="Type"><c>confidential</c> (integration, client_credentials) or <c>public</c> (the admin panel).</param>
/// <param name="Scopes">The permissions the client may request as scopes.</param>
/// <param name="BuiltIn">The <c>ordo-admin</c> panel client: can't be deleted or given a secret.</param>
public sealed record ClientResponse(
    string ClientId,
    string? DisplayName,
    [property: ClosedSet("ClientType", typeof(ClientResponse), nameof(ClientResponse.Types))] string? Type,
    [property: ClosedSet("Permission", typeof(Permissions), nameof(Permissions.Catalogue))] IReadOnlyList<string> Scopes,
    bool BuiltIn)
{
    public static readonly IReadOnlyList<string> Types = [ClientTypes.Confidential, ClientTypes.Public];

    /// <summary>Client ids are ours (<c>int-</c> and 20 hex digits, or a built-in name): longer ones match nothing.</summary>
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
                .Where(Infrastructure.Identity.Permissions.Exists)
                .Order(StringComparer.Ordinal)],
            clientId == AuthOptions.AdminClientId);
    }

    public static bool IsConfidential(string? type) => type == ClientTypes.Confidential;
}

/// <summary>The answer to creating a client or rotating its secret: the only time the secret is ever shown.</summary>
/// <param name="ClientSecret">Store it now: it can't be read again, only replaced.</param>
public sealed record ClientCredentialsResponse(
    string ClientId,
    string? DisplayName,
    [property: ClosedSet("Permission", typeof(Permissions), nameof(Permissions.Catalogue))] IReadOnlyList<string> Scopes,
    string ClientSecret);
