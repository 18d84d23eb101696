using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Users;

/// <summary>Ends every session of the user at once, access tokens included (<see cref="UserSessions"/>).</summary>
public static class RevokeUserSessions
{
    public static RouteHandlerBuilder MapRevokeUserSessions(this IEndpointRouteBuilder users) =>
        users.MapDelete("/{id:guid}/sessions", HandleAsync)
            .WithName("RevokeUserSessions")
            .WithSummary("Revoke all of a user's sessions")
            .WithDescription("Revokes every refresh token and authorization of the user; access tokens already issued stop working on their next request. A user holding permissions you don't answers 403 `target_outranks_caller`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.UsersManage);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, UserManager<OrdoUser> userManager, UserSessions sessions, HttpContext http, CancellationToken cancellationToken)
    {
        var (user, refused) = await AccessGuards.ManageableUserAsync(id, userManager, db, http, cancellationToken);
        if (user is null)
        {
            return refused!;
        }

        await sessions.RevokeAllAsync(user, cancellationToken);
        await AccessGuards.InvalidateNowAndAfterCommitAsync(http, profiles => profiles.InvalidateAsync(user.Id));
        AdministrationLog.UserSessionsRevoked(http, user.Id);
        return TypedResults.NoContent();
    }
}
