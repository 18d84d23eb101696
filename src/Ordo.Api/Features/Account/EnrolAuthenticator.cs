using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Account;

public sealed record AuthenticatorEnrolmentResponse(string SharedKey, string OtpauthUri);

public static class EnrolAuthenticator
{
    public static RouteHandlerBuilder MapEnrolAuthenticator(this IEndpointRouteBuilder account) =>
        account.MapPost("/mfa/authenticator", HandleAsync)
            .RequireAuthorization()
            .WithName("EnrolAuthenticator")
            .WithSummary("Start enrolling an authenticator app")
            .WithDescription("Creates a new authenticator key and returns it with its `otpauth://` URI (issuer `Ordo`). Two-step verification is switched on by `POST /mfa/authenticator/verify` with a code from the app.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Results<Ok<AuthenticatorEnrolmentResponse>, ProblemHttpResult>> HandleAsync(HttpContext http, UserManager<OrdoUser> users)
    {
        var user = await AccountCaller.UserAsync(http, users);
        if (user is null)
        {
            return AccountProblems.NotAUser();
        }

        if (user.TwoFactorEnabled)
        {
            return AccountProblems.MfaAlreadyEnabled();
        }

        var key = await Authenticator.ResetKeyAsync(users, user);
        return TypedResults.Ok(new AuthenticatorEnrolmentResponse(key, Authenticator.OtpauthUri(user.Email!, key)));
    }
}
