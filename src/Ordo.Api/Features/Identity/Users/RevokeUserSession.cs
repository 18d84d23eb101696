using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Users;

/// <summary>
/// Ends one session: its authorization and tokens are revoked, so it can't be renewed and its access tokens are refused
/// from the next request on (within the token-status cache lifetime on other instances).
/// </summary>
public static class RevokeUserSession
{
    public static RouteHandlerBuilder MapRevokeUserSession(this IEndpointRouteBuilder users) =>
        users.MapDelete("/{id:guid}/sessions/{sessionId:guid}", HandleAsync)
            .WithName("RevokeUserSession")
            .WithSummary("Revoke one of a user's sessions")
            .WithDescription("Revokes the authorization and its tokens: refresh tokens can no longer be redeemed and access tokens are refused from the next request on (on other instances within 30 seconds). A user holding permissions you don't answers 403 `target_outranks_caller`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.UsersManage);

    /// <summary>The use case: the session's authorization and tokens are revoked; the change is logged.</summary>
    public static async Task<Result> ExecuteAsync(
        Guid id,
        Guid sessionId,
        Administrator administrator,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictTokenManager tokens,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(authorizations);
        ArgumentNullException.ThrowIfNull(tokens);
        var user = await AccessGuards.ManageableUserAsync(id, userManager, db, administrator.Caller, cancellationToken);
        if (user.IsFailure)
        {
            return user;
        }

        var authorization = await authorizations.FindByIdAsync(sessionId.ToString(), cancellationToken);
        if (authorization is null || await authorizations.GetSubjectAsync(authorization, cancellationToken) != id.ToString())
        {
            return HttpErrors.NotFoundWithId("session of this user");
        }

        await authorizations.TryRevokeAsync(authorization, cancellationToken);
        await tokens.RevokeByAuthorizationIdAsync(sessionId.ToString(), cancellationToken);
        await administrator.InvalidateNowAndAfterCommitAsync(profiles => profiles.InvalidateAllAsync());
        await AdministrationLog.UserSessionRevokedAsync(administrator, id, sessionId);
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id,
        Guid sessionId,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictTokenManager tokens,
        HttpContext http,
        CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, sessionId, Administrator.Of(http), db, userManager, authorizations, tokens, cancellationToken)).ToHttp(TypedResults.NoContent);
}
