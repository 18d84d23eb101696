using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public sealed record ChangePasswordRequest(
    [property: MaxLength(AccountProblems.MaxPasswordLength)] string CurrentPassword,
    [property: MaxLength(AccountProblems.MaxPasswordLength)] string NewPassword);

public static class ChangePassword
{
    public static RouteHandlerBuilder MapChangePassword(this IEndpointRouteBuilder account) =>
        account.MapPost("/change-password", HandleAsync)
            .RequireAuthorization()
            .WithName("ChangePassword")
            .OwnsItsTransaction()
            .WithSummary("Change your password")
            .WithDescription("Needs the current password. Ends every session of the account, this one included: sign in again with the new password.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status423Locked);

    /// <summary>The use case: checks the current password (a wrong one counts towards the lockout), sets the new one and ends every session.</summary>
    public static async Task<Result> ExecuteAsync(
        ChangePasswordRequest request, CallerAccess caller, UserManager<OrdoUser> users, UserSessions sessions, FailedAttempts failures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(failures);
        var user = await AccountCaller.UnlockedUserAsync(caller, users);
        if (user.IsFailure)
        {
            return user;
        }

        if (AccountProblems.TooLong(request.NewPassword, "$.newPassword") is { } tooLong)
        {
            return tooLong;
        }

        var changed = await users.ChangePasswordAsync(user.Value, request.CurrentPassword, request.NewPassword);
        if (!changed.Succeeded)
        {
            if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                // A stolen access token must not become a way to guess the password without lockout.
                await failures.CountAsync(user.Value, CancellationToken.None);
                return AccountProblems.PasswordIncorrect();
            }

            return AccountProblems.Rejected(changed, "$.newPassword");
        }

        await sessions.RevokeAllAsync(user.Value, cancellationToken);
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        ChangePasswordRequest request, HttpContext http, UserManager<OrdoUser> users, UserSessions sessions, FailedAttempts failures, CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, CallerAccess.Required(http), users, sessions, failures, cancellationToken)).ToHttp(TypedResults.NoContent);
}
