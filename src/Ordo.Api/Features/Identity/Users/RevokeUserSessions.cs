using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
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

    /// <summary>The use case: every session of the user ends; the change is logged.</summary>
    public static async Task<Result> ExecuteAsync(
        Guid id, Administrator administrator, OrdoDbContext db, UserManager<OrdoUser> userManager, UserSessions sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        var user = await AccessGuards.ManageableUserAsync(id, userManager, db, administrator.Caller, cancellationToken);
        if (user.IsFailure)
        {
            return user;
        }

        await sessions.RevokeAllAsync(user.Value, cancellationToken);
        await administrator.InvalidateNowAndAfterCommitAsync(profiles => profiles.InvalidateAsync(id));
        await AdministrationLog.UserSessionsRevokedAsync(administrator, id);
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, UserManager<OrdoUser> userManager, UserSessions sessions, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, Administrator.Of(http), db, userManager, sessions, cancellationToken)).ToHttp(TypedResults.NoContent);
}
