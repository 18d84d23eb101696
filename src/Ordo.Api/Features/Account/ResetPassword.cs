using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Customers;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Account;

public sealed record ResetPasswordRequest(
    [property: MaxLength(Email.MaxLength)] string Email,
    [property: MaxLength(RequestLimits.MaxTokenLength)] string Token,
    [property: MaxLength(AccountProblems.MaxPasswordLength)] string NewPassword);

public static class ResetPassword
{
    public static RouteHandlerBuilder MapResetPassword(this IEndpointRouteBuilder account) =>
        account.MapPost("/reset-password", HandleAsync)
            .AllowAnonymous()
            .RequireAttemptLimits(AttemptLimits.Account, AttemptLimits.Argument<ResetPasswordRequest>(r => r.Email))
            .WithName("ResetPassword")
            .WithSummary("Set a new password with a reset token")
            .WithDescription("Sets the new password, confirms the address (the link reached it), lifts a lockout and ends every session of the account.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        ResetPasswordRequest request, UserManager<OrdoUser> users, UserSessions sessions, CancellationToken cancellationToken)
    {
        if (AccountProblems.TooLong(request.NewPassword, "$.newPassword") is { } tooLong)
        {
            return tooLong;
        }

        var user = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        if (user is null)
        {
            return AccountProblems.InvalidToken();
        }

        // Identity checks the token before the password, so password rules are only revealed to the link's holder.
        var reset = await users.ResetPasswordAsync(user, request.Token, request.NewPassword);
        if (!reset.Succeeded)
        {
            return reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? AccountProblems.InvalidToken()
                : AccountProblems.Rejected(reset, "$.newPassword");
        }

        user.EmailConfirmed = true;
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await sessions.RevokeAllAsync(user, cancellationToken);
        return TypedResults.NoContent();
    }
}
