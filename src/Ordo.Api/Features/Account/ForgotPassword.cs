using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Customers;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Account;

public sealed record ForgotPasswordRequest([property: MaxLength(Email.MaxLength)] string Email);

public static class ForgotPassword
{
    public const string Accepted = "If this address has an account, a password reset link is on its way.";

    public static RouteHandlerBuilder MapForgotPassword(this IEndpointRouteBuilder account) =>
        account.MapPost("/forgot-password", HandleAsync)
            .AllowAnonymous()
            .RequireAttemptLimits(AttemptLimits.Account, AttemptLimits.Argument<ForgotPasswordRequest>(r => r.Email))
            .WithName("ForgotPassword")
            .WithSummary("Ask for a password reset link")
            .WithDescription("Mails a reset token if the address has an account. Always answers 202 with the same body.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>
    /// Every answer takes at least this long. The two paths differ by a few milliseconds of lookups and queueing,
    /// which is enough to tell known addresses from unknown ones; a floor well above that hides the difference.
    /// </summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMilliseconds(200);

    public static async Task<Accepted<AccountAcceptedResponse>> HandleAsync(
        ForgotPasswordRequest request, UserManager<OrdoUser> users, AccountEmails emails, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var user = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        if (user is { IsDisabled: false })
        {
            emails.QueuePasswordReset(user, await users.GeneratePasswordResetTokenAsync(user));
        }
        else
        {
            // The same token work for an unknown address, so the answer doesn't come back sooner.
            await users.GeneratePasswordResetTokenAsync(new OrdoUser { Id = Guid.NewGuid(), SecurityStamp = Guid.NewGuid().ToString() });
        }

        var remaining = MinimumDuration - time.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken);
        }

        return TypedResults.Accepted((string?)null, new AccountAcceptedResponse(Accepted));
    }
}
