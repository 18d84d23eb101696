using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using Ordo.Api.Features.Administration;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Permissions = Ordo.Api.Infrastructure.Identity.Permissions;

namespace Ordo.Api.Features.Clients;

/// <param name="Scopes">Permission names from the catalogue; the client gets exactly the scopes it requests from these.</param>
public sealed record CreateClientRequest(
    [property: MaxLength(CreateClient.MaxDisplayNameLength)] string DisplayName,
    [property: MinLength(1), MaxLength(RequestLimits.MaxPermissions), ListItems(RequestLimits.MaxNameLength), ClosedSet("Permission", typeof(Permissions), nameof(Permissions.Catalogue))]
    IReadOnlyList<string> Scopes);

/// <summary>
/// An integration (machine-to-machine) client: confidential, client_credentials only, its permissions are its scopes.
/// The secret is generated here (256 random bits), returned once, and stored by OpenIddict only as a hash.
/// </summary>
public static class CreateClient
{
    public const int MaxDisplayNameLength = 200;

    public static RouteHandlerBuilder MapCreateClient(this IEndpointRouteBuilder clients) =>
        clients.MapPost("/", HandleAsync)
            .WithName("CreateClient")
            .WithSummary("Create an API client")
            .WithDescription(
                "Creates a confidential client for the client_credentials grant. The response holds the `clientSecret`, shown this once. " +
                "Scopes must be permissions from the catalogue that you hold yourself (422 otherwise). " +
                "`Idempotency-Key` is refused (400): replaying the response would require storing the secret.")
            .RefusesIdempotencyKey()
            .ChangesState()
            .RequirePermission(Permissions.ClientsManage);

    public static async Task<Results<Created<ClientCredentialsResponse>, ProblemHttpResult>> HandleAsync(
        CreateClientRequest request, IOpenIddictApplicationManager applications, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.Scopes.Any(string.IsNullOrWhiteSpace))
        {
            return new RequestErrors().Add("$.scopes", "Each scope must be a non-empty string.").ToProblem();
        }

        var displayName = request.DisplayName.Trim();
        var scopes = request.Scopes.Select(s => s.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var errors = new RequestErrors()
            .Check(displayName.Length is > 0 and <= MaxDisplayNameLength, "$.displayName", $"Give a name of 1–{MaxDisplayNameLength} characters.")
            .Check(scopes.Count > 0, "$.scopes", "Give at least one scope.")
            .Check(request.Scopes.Count <= RequestLimits.MaxPermissions, "$.scopes", $"At most {RequestLimits.MaxPermissions} scopes.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if ((AccessGuards.UnknownPermissions(scopes, "unknown_scopes", "scopes") ?? AccessGuards.Escalation(http, scopes)) is { } refused)
        {
            return refused;
        }

        var clientId = "int-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var secret = ClientSecrets.New();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
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

        await applications.CreateAsync(descriptor, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        AdministrationLog.ClientCreated(http, clientId, scopes);
        return TypedResults.Created($"/api/v1/clients/{clientId}", new ClientCredentialsResponse(clientId, displayName, scopes, secret));
    }
}

internal static class ClientSecrets
{
    /// <summary>256 bits from the OS CSPRNG, base64url: unguessable, so a fast hash is no weakness.</summary>
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
