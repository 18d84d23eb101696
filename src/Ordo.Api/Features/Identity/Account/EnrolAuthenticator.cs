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

public sealed record EnrolAuthenticatorRequest([property: MaxLength(AccountProblems.MaxPasswordLength)] string Password);

public sealed record AuthenticatorEnrolmentResponse(string SharedKey, string OtpauthUri);

public static class EnrolAuthenticator
{
    public static RouteHandlerBuilder MapEnrolAuthenticator(this IEndpointRouteBuilder account) =>
        account.MapPost("/mfa/authenticator", HandleAsync)
            .RequireAuthorization()
            .WithName("EnrolAuthenticator")
            .OwnsItsTransaction()
            .WithSummary("Start enrolling an authenticator app")
            .WithDescription("Needs the account's password (an access token alone must not bind an authenticator). Creates a new authenticator key and returns it with its `otpauth://` URI (issuer `Ordo`). Two-step verification is switched on by `POST /mfa/authenticator/verify` with a code from the app, which ends every other session.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status423Locked);

    /// <summary>
    /// The use case: with the password (a wrong one counts towards the lockout), creates a new authenticator key for the
    /// caller's account; the account's address labels it in authenticator apps.
    /// </summary>
    public static async Task<Result<(OrdoUser User, string Key)>> ExecuteAsync(
        EnrolAuthenticatorRequest request, CallerAccess caller, UserManager<OrdoUser> users, FailedAttempts failures)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
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

        if (await AccountCaller.CheckPasswordAsync(users, failures, user, request.Password) is { } wrongPassword)
        {
            return wrongPassword;
        }

        return (user, await Authenticator.ResetKeyAsync(users, user));
    }

    /// <summary>The REST adapter: the key with its <c>otpauth://</c> URI.</summary>
    public static async Task<Results<Ok<AuthenticatorEnrolmentResponse>, ProblemHttpResult>> HandleAsync(
        EnrolAuthenticatorRequest request, HttpContext http, UserManager<OrdoUser> users, FailedAttempts failures) =>
        (await ExecuteAsync(request, CallerAccess.Required(http), users, failures))
            .ToHttp(enrolment => TypedResults.Ok(new AuthenticatorEnrolmentResponse(enrolment.Key, Authenticator.OtpauthUri(enrolment.User.Email!, enrolment.Key))));
}
