using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
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

    public static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> HandleAsync(
        MfaCodeRequest request, HttpContext http, UserManager<OrdoUser> users, FailedAttempts failures, UserSessions sessions,
        CancellationToken cancellationToken)
    {
        var (user, refused) = await AccountCaller.UnlockedUserAsync(http, users);
        if (user is null)
        {
            return refused!;
        }

        if (user.TwoFactorEnabled)
        {
            return AccountProblems.MfaAlreadyEnabled();
        }

        if (await users.GetAuthenticatorKeyAsync(user) is null)
        {
            return DomainProblems.Problem(AccountErrors.MfaEnrolmentNotStarted, "Start with POST /api/v1/account/mfa/authenticator.");
        }

        var codes = await Authenticator.CompleteEnrolmentAsync(users, failures, user, request.Code);
        if (codes is null)
        {
            return AccountProblems.InvalidCode();
        }

        // Sessions opened with the password alone, perhaps by whoever made MFA necessary, end now.
        await sessions.RevokeOthersAsync(user, http.User, cancellationToken);
        return TypedResults.Ok(new RecoveryCodesResponse(codes));
    }
}
