using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;

namespace Ordo.Api.Features.Identity.Clients;

/// <summary>
/// Revokes a client for good: its tokens and authorizations are revoked and the application deleted, so new token
/// requests fail (<c>invalid_client</c>) and access tokens already out fail on their next request (the resource
/// server checks that the client still exists; the cached answer is dropped here).
/// </summary>
public static class DeleteClient
{
    public static RouteHandlerBuilder MapDeleteClient(this IEndpointRouteBuilder clients) =>
        clients.MapDelete("/{clientId}", HandleAsync)
            .WithName("DeleteClient")
            .WithSummary("Revoke and delete an API client")
            .WithDescription("Deletes the client and revokes its tokens; its access tokens stop working on the next request and its origins are no longer allowed for CORS. The built-in `ordo-admin` client can't be deleted (422).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .RequirePermission(Permissions.ClientsManage);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        [MaxLength(ClientResponse.MaxClientIdLength)] string clientId,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictTokenManager tokens,
        ClientOrigins origins,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (clientId == AuthOptions.AdminClientId)
        {
            return DomainProblems.Problem(ClientErrors.BuiltInClient, "The admin panel client can't be deleted.");
        }

        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return DomainProblems.NotFound("client");
        }

        var client = await ClientResponse.FromAsync(applications, application, cancellationToken);
        if (AccessGuards.Escalation(http, client.Scopes) is { } refused)
        {
            return refused;
        }

        var applicationId = (await applications.GetIdAsync(application, cancellationToken))!;
        await tokens.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        await authorizations.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        await applications.DeleteAsync(application, cancellationToken);
        await AccessGuards.InvalidateNowAndAfterCommitAsync(http, profiles => profiles.InvalidateAllAsync());
        if (client.AllowedOrigins.Count > 0)
        {
            // Its origins stop being allowed for CORS (unless another client or the configuration allows them too).
            await origins.InvalidateNowAndAfterCommitAsync(http.Response);
        }

        AdministrationLog.ClientDeleted(http, clientId);
        return TypedResults.NoContent();
    }
}
