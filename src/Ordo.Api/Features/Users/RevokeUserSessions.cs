using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Ordo.Api.Features.Administration;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence;

namespace Ordo.Api.Features.Users;

/// <summary>Ends every session of the user at once, access tokens included (<see cref="UserSessions"/>).</summary>
public static class RevokeUserSessions
{
    public static RouteHandlerBuilder MapRevokeUserSessions(this IEndpointRouteBuilder users) =>
        users.MapDelete("/{id:guid}/sessions", HandleAsync)
            .WithName("RevokeUserSessions")
            .WithSummary("Revoke all of a user's sessions")
            .WithDescription("Revokes every refresh token and authorization of the user; access tokens already issued stop working on their next request.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .RequirePermission(Permissions.UsersManage);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, UserSessions sessions, HttpContext http, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return DomainProblems.NotFound("user");
        }

        await sessions.RevokeAllAsync(user, cancellationToken);
        AccessGuards.InvalidateNowAndAfterCommit(http, profiles => profiles.Invalidate(user.Id));
        AdministrationLog.UserSessionsRevoked(http, user.Id);
        return TypedResults.NoContent();
    }
}
