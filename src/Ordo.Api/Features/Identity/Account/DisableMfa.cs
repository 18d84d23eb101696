using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public sealed record DisableMfaRequest(
    [property: MaxLength(AccountProblems.MaxPasswordLength)] string Password,
    [property: MaxLength(RequestLimits.MaxCodeLength)] string Code);

public static class DisableMfa
{
    public static RouteHandlerBuilder MapDisableMfa(this IEndpointRouteBuilder account) =>
        account.MapDelete("/mfa", HandleAsync)
            .RequireAuthorization()
            .WithName("DisableMfa")
            .OwnsItsTransaction()
            .WithSummary("Switch two-step verification off")
            .WithDescription("With the account's password and a current authenticator code. Refused (422 `mfa_required`) when the account's permissions require two-step verification.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// The use case: with the password and a current code (each wrong one counts towards the lockout), switches two-step
    /// verification off unless the account's permissions require it.
    /// </summary>
    public static async Task<Result> ExecuteAsync(
        DisableMfaRequest request, CallerAccess caller, UserManager<OrdoUser> users, UserSignIn signIn, FailedAttempts failures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(signIn);
        ArgumentNullException.ThrowIfNull(failures);
        var found = await AccountCaller.UnlockedUserAsync(caller, users);
        if (found.IsFailure)
        {
            return found;
        }

        var user = found.Value;
        if (!user.TwoFactorEnabled)
        {
            return AccountProblems.MfaNotEnabled();
        }

        if (await signIn.MustEnrolInMfaAsync(user, cancellationToken))
        {
            return AccountErrors.MfaRequired.Error("This account's permissions require two-step verification.");
        }

        if (await AccountCaller.CheckPasswordAsync(users, failures, user, request.Password) is { } wrongPassword)
        {
            return wrongPassword;
        }

        if (!await Authenticator.VerifyAsync(users, user, request.Code))
        {
            await failures.CountAsync(user, CancellationToken.None);
            return AccountProblems.InvalidCode();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        [FromBody] DisableMfaRequest request, HttpContext http, UserManager<OrdoUser> users, UserSignIn signIn, FailedAttempts failures, CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, CallerAccess.Required(http), users, signIn, failures, cancellationToken)).ToHttp(TypedResults.NoContent);
}
