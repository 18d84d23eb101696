using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
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

    public static async Task<Results<Ok<AuthenticatorEnrolmentResponse>, ProblemHttpResult>> HandleAsync(
        EnrolAuthenticatorRequest request, HttpContext http, UserManager<OrdoUser> users, FailedAttempts failures)
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

        if (await AccountCaller.CheckPasswordAsync(users, failures, user, request.Password) is { } wrongPassword)
        {
            return wrongPassword;
        }

        var key = await Authenticator.ResetKeyAsync(users, user);
        return TypedResults.Ok(new AuthenticatorEnrolmentResponse(key, Authenticator.OtpauthUri(user.Email!, key)));
    }
}
