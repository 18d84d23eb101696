using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
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

    /// <summary>The use case: disables the user (unless they already are) and ends their sessions; the change is logged.</summary>
    public static async Task<Result<OrdoUser>> ExecuteAsync(
        Guid id,
        string? ifMatch,
        Administrator administrator,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        UserSessions sessions,
        TimeProvider time,
        JsonSerializerOptions json,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        var user = await AccessGuards.ManageableUserAsync(id, userManager, db, administrator.Caller, cancellationToken);
        if (user.IsFailure)
        {
            return user;
        }

        if (await UserResponse.CheckIfMatchAsync(ifMatch, db, user.Value, time.GetUtcNow(), administrator.Caller, json, cancellationToken) is { } precondition)
        {
            return precondition;
        }

        if (administrator.Caller.SubjectId == user.Value.Id.ToString())
        {
            return UserErrors.CannotDisableSelf.Error("You can't disable your own account.");
        }

        if (!user.Value.IsDisabled)
        {
            user.Value.IsDisabled = true;
            AccessGuards.EnsureSaved(await userManager.UpdateAsync(user.Value));
            if (await AccessGuards.KeepsAdministratorsAsync(db, cancellationToken) is { } lastAdministrator)
            {
                return lastAdministrator;
            }

            await sessions.RevokeAllAsync(user.Value, cancellationToken);
            await administrator.InvalidateNowAndAfterCommitAsync(profiles => profiles.InvalidateAsync(id));
            await AdministrationLog.UserDisabledAsync(administrator, user.Value.Id);
        }

        return user;
    }

    /// <summary>The REST adapter: the user with its new ETag.</summary>
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        UserSessions sessions,
        TimeProvider time,
        IOptions<JsonOptions> json,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(json);
        var disabled = await ExecuteAsync(
            id, http.Request.Headers.IfMatch.ToString(), Administrator.Of(http), db, userManager, sessions, time, json.Value.SerializerOptions, cancellationToken);
        return disabled.IsSuccess ? await UserResponse.OkAsync(http, db, disabled.Value, time.GetUtcNow(), cancellationToken) : disabled.Error.ToProblem();
    }
}
