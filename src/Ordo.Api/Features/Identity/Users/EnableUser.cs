using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Users;

public static class EnableUser
{
    public static RouteHandlerBuilder MapEnableUser(this IEndpointRouteBuilder users) =>
        users.MapPost("/{id:guid}/enable", HandleAsync)
            .WithName("EnableUser")
            .WithSummary("Enable a user")
            .WithDescription(
                "Lets a disabled user sign in again (sessions revoked by disabling stay revoked). `If-Match` with the user's ETag is " +
                "honoured when sent (412 when stale).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .SendsETag()
            .TakesIfMatch(IfMatch.Optional)
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.UsersManage);

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, UserManager<OrdoUser> userManager, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
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

        if (user.IsDisabled)
        {
            user.IsDisabled = false;
            AccessGuards.EnsureSaved(await userManager.UpdateAsync(user));
            await AccessGuards.InvalidateNowAndAfterCommitAsync(http, profiles => profiles.InvalidateAsync(user.Id));
            AdministrationLog.UserEnabled(http, user.Id);
        }

        return await UserResponse.OkAsync(http, db, user, time.GetUtcNow(), cancellationToken);
    }
}
