using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public static class VerifyAuthenticator
{
    public static RouteHandlerBuilder MapVerifyAuthenticator(this IEndpointRouteBuilder account) =>
        account.MapPost("/mfa/authenticator/verify", HandleAsync)
            .RequireAuthorization()
            .WithName("VerifyAuthenticator")
            .OwnsItsTransaction()
            .WithSummary("Finish enrolling an authenticator app")
            .WithDescription("With a current code from the app, switches two-step verification on, ends every other session of the account (this one goes on) and returns 10 one-time recovery codes. They are shown only this once.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>
    /// The use case: with a current code from the app (a wrong one counts towards the lockout), switches two-step
    /// verification on and ends every session of the account but <paramref name="session"/>, the caller's own;
    /// answers the new recovery codes.
    /// </summary>
    public static async Task<Result<IReadOnlyList<string>>> ExecuteAsync(
        MfaCodeRequest request, CallerAccess caller, ClaimsPrincipal session, UserManager<OrdoUser> users, FailedAttempts failures, UserSessions sessions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(sessions);
        var found = await AccountCaller.UnlockedUserAsync(caller, users);
        if (found.IsFailure)
        {
            return found.Error;
        }

        var user = found.Value;
        if (user.TwoFactorEnabled)
        {
            return AccountProblems.MfaAlreadyEnabled();
        }

        if (await users.GetAuthenticatorKeyAsync(user) is null)
        {
            return AccountErrors.MfaEnrolmentNotStarted.Error("Start with POST /api/v1/account/mfa/authenticator.");
        }

        var codes = await Authenticator.CompleteEnrolmentAsync(users, failures, user, request.Code);
        if (codes is null)
        {
            return AccountProblems.InvalidCode();
        }

        // Sessions opened with the password alone, perhaps by whoever made MFA necessary, end now.
        await sessions.RevokeOthersAsync(user, session, cancellationToken);
        return Result.Success(codes);
    }

    /// <summary>The REST adapter: this request's session goes on.</summary>
    public static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> HandleAsync(
        MfaCodeRequest request, HttpContext http, UserManager<OrdoUser> users, FailedAttempts failures, UserSessions sessions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        return (await ExecuteAsync(request, CallerAccess.Required(http), http.User, users, failures, sessions, cancellationToken))
            .ToHttp(codes => TypedResults.Ok(new RecoveryCodesResponse(codes)));
    }
}
