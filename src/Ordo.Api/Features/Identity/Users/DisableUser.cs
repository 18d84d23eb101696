using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Users;

/// <summary>
/// A disabled user can't sign in or renew tokens (<see cref="Auth.UserSignIn"/>), and every session ends at once:
/// refresh tokens are revoked and access tokens already out fail on the next request.
/// </summary>
public static class DisableUser
{
    public static RouteHandlerBuilder MapDisableUser(this IEndpointRouteBuilder users) =>
        users.MapPost("/{id:guid}/disable", HandleAsync)
            .WithName("DisableUser")
            .WithSummary("Disable a user")
            .WithDescription(
                "Blocks sign-in and revokes every session. You can't disable yourself, nor the last enabled user able to manage users " +
                "or roles (422). Disabling a disabled user changes nothing. `If-Match` with the user's ETag is honoured when sent (412 when stale).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.UsersManage);

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        UserSessions sessions,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var (user, refused) = await AccessGuards.ManageableUserAsync(id, userManager, db, http, cancellationToken);
        if (user is null)
        {
            return refused!;
        }

        if (await UserResponse.CheckIfMatchAsync(http, db, user, time.GetUtcNow(), cancellationToken) is { } precondition)
        {
            return precondition;
        }

        if (CallerAccess.Required(http).SubjectId == user.Id.ToString())
        {
            return DomainProblems.Problem(UserErrors.CannotDisableSelf, "You can't disable your own account.");
        }

        if (!user.IsDisabled)
        {
            user.IsDisabled = true;
            AccessGuards.EnsureSaved(await userManager.UpdateAsync(user));
            if (await AccessGuards.KeepsAdministratorsAsync(db, cancellationToken) is { } lastAdministrator)
            {
                return lastAdministrator;
            }

            await sessions.RevokeAllAsync(user, cancellationToken);
            await AccessGuards.InvalidateNowAndAfterCommitAsync(http, profiles => profiles.InvalidateAsync(user.Id));
            AdministrationLog.UserDisabled(http, user.Id);
        }

        return await UserResponse.OkAsync(http, db, user, time.GetUtcNow(), cancellationToken);
    }
}
