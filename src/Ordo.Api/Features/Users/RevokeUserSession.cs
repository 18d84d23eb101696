using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Ordo.Api.Features.Administration;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Users;

/// <summary>
/// Ends one session: its authorization and refresh tokens are revoked, so it can't be renewed. Its current access
/// token (short-lived, verified without a database lookup per token) lasts until it expires; to cut every token at
/// once, revoke all sessions.
/// </summary>
public static class RevokeUserSession
{
    public static RouteHandlerBuilder MapRevokeUserSession(this IEndpointRouteBuilder users) =>
        users.MapDelete("/{id:guid}/sessions/{sessionId:guid}", HandleAsync)
            .WithName("RevokeUserSession")
            .WithSummary("Revoke one of a user's sessions")
            .WithDescription("Revokes the authorization and its refresh tokens; its current access token lives until it expires (at most the access-token lifetime). A user holding permissions you don't answers 403 `target_outranks_caller`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.UsersManage);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id,
        Guid sessionId,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        IOpenIddictAuthorizationManager authorizations,
        IOpenIddictTokenManager tokens,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var (user, refused) = await AccessGuards.ManageableUserAsync(id, userManager, db, http, cancellationToken);
        if (user is null)
        {
            return refused!;
        }

        var authorization = await authorizations.FindByIdAsync(sessionId.ToString(), cancellationToken);
        if (authorization is null || await authorizations.GetSubjectAsync(authorization, cancellationToken) != id.ToString())
        {
            return DomainProblems.NotFound("session of this user");
        }

        await authorizations.TryRevokeAsync(authorization, cancellationToken);
        await tokens.RevokeByAuthorizationIdAsync(sessionId.ToString(), cancellationToken);
        AdministrationLog.UserSessionRevoked(http, id, sessionId);
        return TypedResults.NoContent();
    }
}
