using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public static class RegenerateRecoveryCodes
{
    public static RouteHandlerBuilder MapRegenerateRecoveryCodes(this IEndpointRouteBuilder account) =>
        account.MapPost("/mfa/recovery-codes", HandleAsync)
            .RequireAuthorization()
            .WithName("RegenerateRecoveryCodes")
            .OwnsItsTransaction()
            .WithSummary("Replace your recovery codes")
            .WithDescription("With a current authenticator code, returns 10 new recovery codes; the old ones stop working.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status423Locked)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> HandleAsync(
        MfaCodeRequest request, HttpContext http, UserManager<OrdoUser> users, FailedAttempts failures)
    {
        var (user, refused) = await AccountCaller.UnlockedUserAsync(http, users);
        if (user is null)
        {
            return refused!;
        }

        if (!user.TwoFactorEnabled)
        {
            return AccountProblems.MfaNotEnabled();
        }

        if (!await Authenticator.VerifyAsync(users, user, request.Code))
        {
            await failures.CountAsync(user, CancellationToken.None);
            return AccountProblems.InvalidCode();
        }

        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, Authenticator.RecoveryCodeCount);
        return TypedResults.Ok(new RecoveryCodesResponse([.. codes!]));
    }
}
