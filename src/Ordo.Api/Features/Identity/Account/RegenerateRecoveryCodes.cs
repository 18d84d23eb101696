using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
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

    /// <summary>The use case: with a current code (a wrong one counts towards the lockout), new recovery codes replace the old ones.</summary>
    public static async Task<Result<IReadOnlyList<string>>> ExecuteAsync(
        MfaCodeRequest request, CallerAccess caller, UserManager<OrdoUser> users, FailedAttempts failures, AuditTrail audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(failures);
        var found = await AccountCaller.UnlockedUserAsync(caller, users);
        if (found.IsFailure)
        {
            return found.Error;
        }

        var user = found.Value;
        if (!user.TwoFactorEnabled)
        {
            return AccountProblems.MfaNotEnabled();
        }

        if (!await Authenticator.VerifyAsync(users, user, request.Code))
        {
            await failures.CountAsync(user, CancellationToken.None);
            return AccountProblems.InvalidCode();
        }

        // Written by the save that stores the new codes, so the two commit together.
        audit.AddToNextSave(AuditActions.RecoveryCodesRegenerated, AuditResources.User, user.Id.ToString());
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, Authenticator.RecoveryCodeCount);
        return Result.Success<IReadOnlyList<string>>([.. codes!]);
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> HandleAsync(
        MfaCodeRequest request, HttpContext http, UserManager<OrdoUser> users, FailedAttempts failures, AuditTrail audit) =>
        (await ExecuteAsync(request, CallerAccess.Required(http), users, failures, audit)).ToHttp(codes => TypedResults.Ok(new RecoveryCodesResponse(codes)));
}
