using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Domain.Common;

namespace Ordo.Api.Features.Identity.Clients;

/// <summary>
/// Replaces the secret at once: the old one stops working for new token requests immediately (there is no overlap
/// period, so the integration must switch right after rotating). Access tokens already issued stay valid until they
/// expire; revoke the client to cut them.
/// </summary>
public static class RotateClientSecret
{
    public static RouteHandlerBuilder MapRotateClientSecret(this IEndpointRouteBuilder clients) =>
        clients.MapPost("/{clientId}/secret", HandleAsync)
            .WithName("RotateClientSecret")
            .WithSummary("Rotate an API client's secret")
            .WithDescription(
                "Generates a new secret, shown once in the response; the old secret stops working immediately. Public clients have no secret (422). " +
                "`Idempotency-Key` is refused (400).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RefusesIdempotencyKey()
            .ChangesState()
            .RequirePermission(Permissions.ClientsManage);

    /// <summary>The use case: the client with its new secret (shown this once); the change is logged.</summary>
    public static async Task<Result<ClientCredentialsResponse>> ExecuteAsync(
        string clientId, Administrator administrator, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(applications);
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return HttpErrors.NotFoundWithId("client");
        }

        var client = await ClientResponse.FromAsync(applications, application, cancellationToken);
        if (!ClientResponse.IsConfidential(client.Type))
        {
            return ClientErrors.ClientNotConfidential.Error("This client is public: it has no secret to rotate.");
        }

        // Whoever receives the new secret acts with all of the client's scopes.
        if (AccessGuards.Escalation(administrator.Caller, client.Scopes) is { } refused)
        {
            return refused;
        }

        var secret = ClientSecrets.New();
        await applications.UpdateAsync(application, secret, cancellationToken);
        await AdministrationLog.ClientSecretRotatedAsync(administrator, client.ClientId);
        return new ClientCredentialsResponse(client.ClientId, client.DisplayName, client.Scopes, secret);
    }

    /// <summary>The REST adapter: the new secret, never stored by caches.</summary>
    public static async Task<Results<Ok<ClientCredentialsResponse>, ProblemHttpResult>> HandleAsync(
        [MaxLength(ClientResponse.MaxClientIdLength)] string clientId, IOpenIddictApplicationManager applications, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(clientId, Administrator.Of(http), applications, cancellationToken)).ToHttp(rotated =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(rotated);
        });
}
