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

/// <summary>
/// For a user who lost their authenticator: two-step verification is switched off, the authenticator key replaced
/// (the old app's codes stop working), recovery codes dropped and every session revoked. The user enrols again at the
/// next sign-in (required when their permissions demand MFA).
/// </summary>
public static class ResetUserMfa
{
    public static RouteHandlerBuilder MapResetUserMfa(this IEndpointRouteBuilder users) =>
        users.MapDelete("/{id:guid}/mfa", HandleAsync)
            .WithName("ResetUserMfa")
            .WithSummary("Reset a user's two-step verification")
            .WithDescription(
                "Turns MFA off, replaces the authenticator key, drops recovery codes and revokes every session of the user. " +
                "Not for your own account (422 `cannot_reset_own_mfa`): use `DELETE /api/v1/account/mfa`, which asks for a current code.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.UsersManage);

    /// <summary>The use case: MFA off, a new authenticator key, no recovery codes, every session revoked; the change is logged.</summary>
    public static async Task<Result> ExecuteAsync(
        Guid id, Administrator administrator, OrdoDbContext db, UserManager<OrdoUser> userManager, UserSessions sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        if (administrator.Caller.SubjectId == id.ToString())
        {
            // This path skips what the self-service one checks: a current code, and whether the account may go without.
            return UserErrors.CannotResetOwnMfa.Error(
                "Switch off your own two-step verification with DELETE /api/v1/account/mfa: it asks for a current code, and refuses while your permissions require two-step verification.");
        }

        var user = await AccessGuards.ManageableUserAsync(id, userManager, db, administrator.Caller, cancellationToken);
        if (user.IsFailure)
        {
            return user;
        }

        AccessGuards.EnsureSaved(await userManager.SetTwoFactorEnabledAsync(user.Value, false));
        AccessGuards.EnsureSaved(await userManager.ResetAuthenticatorKeyAsync(user.Value));
        _ = await userManager.GenerateNewTwoFactorRecoveryCodesAsync(user.Value, 0);
        await sessions.RevokeAllAsync(user.Value, cancellationToken);
        await administrator.InvalidateNowAndAfterCommitAsync(profiles => profiles.InvalidateAsync(id));
        await AdministrationLog.UserMfaResetAsync(administrator, id);
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, UserManager<OrdoUser> userManager, UserSessions sessions, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, Administrator.Of(http), db, userManager, sessions, cancellationToken)).ToHttp(TypedResults.NoContent);
}
