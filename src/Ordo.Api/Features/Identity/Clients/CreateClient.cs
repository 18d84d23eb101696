using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Permissions = Ordo.Api.Infrastructure.Authorization.Permissions;

namespace Ordo.Api.Features.Identity.Clients;

/// <summary>What kind of client to create.</summary>
public enum ClientKind
{
    /// <summary>An integration: client_credentials with a secret; its permissions are its scopes.</summary>
    Confidential,

    /// <summary>A browser or mobile app people sign in to: authorization code + PKCE, no secret.</summary>
    Public,
}

/// <param name="Scopes">Confidential clients: permission names from the catalogue; the client gets exactly the scopes it requests from these. Public clients take none (tokens carry the signed-in user's permissions).</param>
/// <param name="Type"><c>confidential</c> (the default) or <c>public</c>.</param>
/// <param name="RedirectUris">Public clients (at least one): where codes may be sent; https, or http to localhost/127.0.0.1/[::1]; no fragment.</param>
/// <param name="PostLogoutRedirectUris">Public clients: where the browser may return after signing out; the same rules.</param>
/// <param name="AllowedOrigins">Public clients: browser origins (<c>https://shop.example</c>, scheme, host and port only) the API answers cross-origin requests from.</param>
public sealed record CreateClientRequest(
    [property: MaxLength(CreateClient.MaxDisplayNameLength)] string DisplayName,
    [property: MaxLength(RequestLimits.MaxPermissions), ListItems(RequestLimits.MaxNameLength), ClosedSet("Permission", typeof(Permissions), nameof(Permissions.Catalogue))]
    IReadOnlyList<string>? Scopes = null,
    ClientKind Type = ClientKind.Confidential,
    [property: MaxLength(CreateClient.MaxUris), ListItems(WebAddresses.MaxUriLength)] IReadOnlyList<string>? RedirectUris = null,
    [property: MaxLength(CreateClient.MaxUris), ListItems(WebAddresses.MaxUriLength)] IReadOnlyList<string>? PostLogoutRedirectUris = null,
    [property: MaxLength(CreateClient.MaxUris), ListItems(WebAddresses.MaxUriLength)] IReadOnlyList<string>? AllowedOrigins = null);

/// <summary>
/// A confidential (integration, machine-to-machine) client: client_credentials only, its permissions are its scopes;
/// the secret is generated here (256 random bits), returned once, and stored by OpenIddict only as a hash. Or a public
/// client (a shop front end, a mobile app): authorization code with PKCE (S256) and refresh tokens, no secret, its
/// tokens carry the permissions of the user who signed in; its origins are allowed for CORS from the moment it exists.
/// </summary>
public static class CreateClient
{
    public const int MaxDisplayNameLength = 200;

    /// <summary>Per list: redirect URIs, post-logout redirect URIs, origins.</summary>
    public const int MaxUris = 20;

    public static RouteHandlerBuilder MapCreateClient(this IEndpointRouteBuilder clients) =>
        clients.MapPost("/", HandleAsync)
            .WithName("CreateClient")
            .WithSummary("Create an API client")
            .WithDescription(
                "`type` `confidential` (the default) creates a client for the client_credentials grant; the response holds the `clientSecret`, shown this once. " +
                "Its scopes must be permissions from the catalogue that you hold yourself (422 otherwise). " +
                "`type` `public` creates a browser or mobile app client for the authorization code flow with PKCE (S256) and refresh tokens: no secret and no scopes " +
                "(its tokens carry the signed-in user's permissions), at least one `redirectUris` entry, optional `postLogoutRedirectUris` and `allowedOrigins` (CORS). " +
                "URIs must be https (http only to localhost, 127.0.0.1 or [::1]) without a fragment; origins are scheme, host and port only. " +
                "`Idempotency-Key` is refused (400): replaying the response would require storing the secret.")
            .RefusesIdempotencyKey()
            .ChangesState()
            .RequirePermission(Permissions.ClientsManage);

    /// <summary>
    /// The use case: the new client and, for a confidential client, its secret (never stored in clear, so this is the
    /// only time anyone sees it); the change is logged.
    /// </summary>
    public static async Task<Result<CreatedClientResponse>> ExecuteAsync(
        CreateClientRequest request, Administrator administrator, IOpenIddictApplicationManager applications, ClientOrigins origins, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(origins);
        var nulls = new RequestErrors()
            .Check(request.Scopes?.Any(string.IsNullOrWhiteSpace) != true, "$.scopes", "Each scope must be a non-empty string.")
            .Check(request.RedirectUris?.Any(string.IsNullOrWhiteSpace) != true, "$.redirectUris", "Each redirect URI must be a non-empty string.")
            .Check(request.PostLogoutRedirectUris?.Any(string.IsNullOrWhiteSpace) != true, "$.postLogoutRedirectUris", "Each URI must be a non-empty string.")
            .Check(request.AllowedOrigins?.Any(string.IsNullOrWhiteSpace) != true, "$.allowedOrigins", "Each origin must be a non-empty string.");
        if (nulls.Any)
        {
            return nulls.ToError();
        }

        var displayName = request.DisplayName.Trim();
        var scopes = (request.Scopes ?? []).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var errors = new RequestErrors()
            .Check(displayName.Length is > 0 and <= MaxDisplayNameLength, "$.displayName", $"Give a name of 1–{MaxDisplayNameLength} characters.")
            .Check((request.Scopes?.Count ?? 0) <= RequestLimits.MaxPermissions, "$.scopes", $"At most {RequestLimits.MaxPermissions} scopes.");
        var browser = request.Type == ClientKind.Public ? BrowserSettings.Check(request, errors) : null;
        if (request.Type == ClientKind.Confidential)
        {
            errors.Check(scopes.Count > 0, "$.scopes", "Give at least one scope.");
            foreach (var (path, list) in BrowserSettings.Lists(request))
            {
                errors.Check(list is not { Count: > 0 }, path, "Only public clients have redirect URIs and origins; a confidential client uses client_credentials.");
            }
        }
        else
        {
            errors.Check(scopes.Count == 0, "$.scopes", "A public client takes no scopes: its tokens carry the permissions of the user who signed in.");
        }

        if (errors.Any)
        {
            return errors.ToError();
        }

        // A public client's tokens carry the permissions of whoever signs in through it, an administrator included,
        // without a consent screen: registering one is granting every permission, so it takes holding them all.
        var refused = browser is null
            ? AccessGuards.UnknownPermissions(scopes, ClientErrors.UnknownScopes, "scopes") ?? AccessGuards.Escalation(administrator.Caller, scopes)
            : AccessGuards.Escalation(administrator.Caller, Permissions.All);
        if (refused is not null)
        {
            return refused;
        }

        var (descriptor, secret) = browser is null ? Integration(displayName, scopes) : (browser.Descriptor(displayName), null);
        var application = await applications.CreateAsync(descriptor, cancellationToken);
        if (browser is { Origins.Count: > 0 })
        {
            await origins.InvalidateNowAndAfterCommitAsync(administrator.AfterCommit);
        }

        var created = await ClientResponse.FromAsync(applications, application, cancellationToken);
        await AdministrationLog.ClientCreatedAsync(administrator, created.ClientId, scopes);
        return CreatedClientResponse.From(created, secret);
    }

    /// <summary>The REST adapter: 201 with the client and its Location, never stored by caches (it may hold the secret).</summary>
    public static async Task<Results<Created<CreatedClientResponse>, ProblemHttpResult>> HandleAsync(
        CreateClientRequest request, IOpenIddictApplicationManager applications, ClientOrigins origins, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, Administrator.Of(http), applications, origins, cancellationToken)).ToHttp(created =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Created($"/api/v1/clients/{created.ClientId}", created);
        });

    private static (OpenIddictApplicationDescriptor Descriptor, string Secret) Integration(string displayName, List<string> scopes)
    {
        var secret = ClientSecrets.New();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = "int-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)),
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = displayName,
            Permissions =
            {
                OpenIddictConstants.Permissions.Endpoints.Token,
                OpenIddictConstants.Permissions.Endpoints.Revocation,
                OpenIddictConstants.Permissions.Endpoints.Introspection,
                OpenIddictConstants.Permissions.GrantTypes.ClientCredentials,
            },
        };
        foreach (var scope in scopes)
        {
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.Prefixes.Scope + scope);
        }

        return (descriptor, secret);
    }

    /// <summary>A public client's redirect URIs, post-logout redirect URIs and origins, checked and de-duplicated.</summary>
    private sealed record BrowserSettings(List<string> RedirectUris, List<string> PostLogoutRedirectUris, List<string> Origins)
    {
        public static IEnumerable<(string Path, IReadOnlyList<string>? List)> Lists(CreateClientRequest request) =>
        [
            ("$.redirectUris", request.RedirectUris),
            ("$.postLogoutRedirectUris", request.PostLogoutRedirectUris),
            ("$.allowedOrigins", request.AllowedOrigins),
        ];

        public static BrowserSettings Check(CreateClientRequest request, RequestErrors errors)
        {
            foreach (var (path, list) in Lists(request))
            {
                errors.Check((list?.Count ?? 0) <= MaxUris, path, $"At most {MaxUris} entries.");
            }

            var redirectUris = Uris(request.RedirectUris, "$.redirectUris", errors);
            errors.Check(request.RedirectUris is { Count: > 0 }, "$.redirectUris", "A public client needs at least one redirect URI.");
            var postLogout = Uris(request.PostLogoutRedirectUris, "$.postLogoutRedirectUris", errors);
            var origins = new List<string>();
            foreach (var (value, index) in (request.AllowedOrigins ?? []).Select((value, index) => (value, index)))
            {
                if (WebAddresses.Origin(value.Trim()) is { } origin)
                {
                    origins.Add(origin);
                }
                else
                {
                    errors.Add($"$.allowedOrigins[{index}]", "Give an origin: scheme, host and optional port, no path (https://shop.example); http only for localhost, 127.0.0.1 or [::1].");
                }
            }

            return new BrowserSettings(redirectUris, postLogout, [.. origins.Distinct(StringComparer.Ordinal)]);
        }

        private static List<string> Uris(IReadOnlyList<string>? values, string path, RequestErrors errors)
        {
            var uris = new List<string>();
            foreach (var (value, index) in (values ?? []).Select((value, index) => (value.Trim(), index)))
            {
                if (WebAddresses.RedirectUriProblem(value) is { } problem)
                {
                    errors.Add($"{path}[{index}]", problem);
                }
                else
                {
                    uris.Add(value);
                }
            }

            return [.. uris.Distinct(StringComparer.Ordinal)];
        }

        public OpenIddictApplicationDescriptor Descriptor(string displayName)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = "app-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)),
                ClientType = ClientTypes.Public,
                // Registered by an administrator, so trusted as first-party: no consent screen, like the admin panel.
                ConsentType = ConsentTypes.Implicit,
                DisplayName = displayName,
                Permissions =
                {
                    OpenIddictConstants.Permissions.Endpoints.Authorization,
                    OpenIddictConstants.Permissions.Endpoints.Token,
                    OpenIddictConstants.Permissions.Endpoints.Revocation,
                    OpenIddictConstants.Permissions.Endpoints.EndSession,
                    OpenIddictConstants.Permissions.GrantTypes.AuthorizationCode,
                    OpenIddictConstants.Permissions.GrantTypes.RefreshToken,
                    OpenIddictConstants.Permissions.ResponseTypes.Code,
                    OpenIddictConstants.Permissions.Prefixes.Scope + Scopes.OpenId,
                    OpenIddictConstants.Permissions.Prefixes.Scope + Scopes.OfflineAccess,
                },
                Requirements = { Requirements.Features.ProofKeyForCodeExchange },
            };
            foreach (var uri in RedirectUris)
            {
                descriptor.RedirectUris.Add(new Uri(uri));
            }

            foreach (var uri in PostLogoutRedirectUris)
            {
                descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
            }

            if (Origins.Count > 0)
            {
                descriptor.Properties[ClientOrigins.PropertyName] = ClientOrigins.ToProperty(Origins);
            }

            return descriptor;
        }
    }
}

internal static class ClientSecrets
{
    /// <summary>256 bits from the OS CSPRNG, base64url: unguessable, so a fast hash is no weakness.</summary>
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
