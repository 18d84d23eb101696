using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;

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

    /// <summary>The use case: the client's tokens and authorizations revoked, the client deleted; the change is logged.</summary>
    public static async Task<Result> ExecuteAsync(
        string clientId,
        Administrator administrator,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictTokenManager tokens,
        ClientOrigins origins,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(authorizations);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(origins);
        if (clientId == AuthOptions.AdminClientId)
        {
            return ClientErrors.BuiltInClient.Error("The admin panel client can't be deleted.");
        }

        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return HttpErrors.NotFoundWithId("client");
        }

        var client = await ClientResponse.FromAsync(applications, application, cancellationToken);
        if (AccessGuards.Escalation(administrator.Caller, client.Scopes) is { } refused)
        {
            return refused;
        }

        var applicationId = (await applications.GetIdAsync(application, cancellationToken))!;
        await tokens.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        await authorizations.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        await applications.DeleteAsync(application, cancellationToken);
        await administrator.InvalidateNowAndAfterCommitAsync(profiles => profiles.InvalidateAllAsync());
        if (client.AllowedOrigins.Count > 0)
        {
            // Its origins stop being allowed for CORS (unless another client or the configuration allows them too).
            await origins.InvalidateNowAndAfterCommitAsync(administrator.AfterCommit);
        }

        await AdministrationLog.ClientDeletedAsync(administrator, clientId);
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        [MaxLength(ClientResponse.MaxClientIdLength)] string clientId,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictTokenManager tokens,
        ClientOrigins origins,
        HttpContext http,
        CancellationToken cancellationToken) =>
        (await ExecuteAsync(clientId, Administrator.Of(http), applications, authorizations, tokens, origins, cancellationToken)).ToHttp(TypedResults.NoContent);
}
