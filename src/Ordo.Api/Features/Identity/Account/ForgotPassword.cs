using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Infrastructure.Pipeline;
using Ordo.Domain.Customers;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public sealed record ForgotPasswordRequest([property: MaxLength(Email.MaxLength)] string Email);

public static class ForgotPassword
{
    public const string Accepted = "If this address has an account, a password reset link is on its way.";

    public static RouteHandlerBuilder MapForgotPassword(this IEndpointRouteBuilder account) =>
        account.MapPost("/forgot-password", HandleAsync)
            .AllowAnonymous()
            .RequireAttemptLimits(AttemptLimits.Account, AttemptLimits.Argument<ForgotPasswordRequest>(r => r.Email))
            .WithName("ForgotPassword")
            .OwnsItsTransaction()
            .WithSummary("Ask for a password reset link")
            .WithDescription("Mails a reset token if the address has an account. Always answers 202 with the same body.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>
    /// Every answer takes at least this long. The two paths differ by a few milliseconds of lookups and queueing,
    /// which is enough to tell known addresses from unknown ones; a floor well above that hides the difference.
    /// </summary>
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The use case: mails a reset token if the address has an enabled account. It never refuses, and takes as long
    /// whether or not the address is known (at least <see cref="MinimumDuration"/>), so no caller learns which it was.
    /// </summary>
    public static async Task ExecuteAsync(
        ForgotPasswordRequest request, UserManager<OrdoUser> users, AccountEmails emails, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(emails);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        var user = string.IsNullOrWhiteSpace(request.Email) ? null : await users.FindByEmailAsync(request.Email.Trim());
        if (user is { IsDisabled: false })
        {
            await emails.QueuePasswordResetAsync(user, await users.GeneratePasswordResetTokenAsync(user), cancellationToken);
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
    }

    /// <summary>The REST adapter: always the same answer.</summary>
    public static async Task<Accepted<AccountAcceptedResponse>> HandleAsync(
        ForgotPasswordRequest request, UserManager<OrdoUser> users, AccountEmails emails, TimeProvider time, CancellationToken cancellationToken)
    {
        await ExecuteAsync(request, users, emails, time, cancellationToken);
        return TypedResults.Accepted((string?)null, new AccountAcceptedResponse(Accepted));
    }

    /// <summary>The hosted page the sign-in page and the registration-attempt email link to.</summary>
    public const string PagePath = HostedPages.ForgotPasswordPath;

    public static void MapForgotPasswordPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(PagePath, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
                AccountPages.RefusedOverPlainHttp(http, "reset your password") ?? HostedPages.Html(http, Page(http, antiforgery, HostedPages.Local(returnUrl), null, null)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapPost(PagePath, SubmitPageAsync)
            .AllowAnonymous()
            .RequireAttemptLimits(AttemptLimits.Account, AttemptLimits.FormField("email"))
            .ExcludeFromDescription();
    }

    private static async Task<IResult> SubmitPageAsync(
        HttpContext http, IAntiforgery antiforgery, UserManager<OrdoUser> users, AccountEmails emails, TimeProvider time)
    {
        if (AccountPages.RefusedOverPlainHttp(http, "reset your password") is { } refused)
        {
            return refused;
        }

        var (form, valid) = await AccountPages.ReadFormAsync(http, antiforgery);
        var returnUrl = HostedPages.Local(form["returnUrl"]);
        var email = form["email"].ToString();
        if (!valid)
        {
            return HostedPages.Html(http, Page(http, antiforgery, returnUrl, email, AccountPages.FormExpired), StatusCodes.Status400BadRequest);
        }

        if (email.Length > Email.MaxLength)
        {
            return HostedPages.Html(http, Page(http, antiforgery, returnUrl, null, $"Email addresses have at most {Email.MaxLength} characters."), StatusCodes.Status400BadRequest);
        }

        await ExecuteAsync(new ForgotPasswordRequest(email), users, emails, time, http.RequestAborted);
        return HostedPages.Html(http, HostedPages.Page("Check your email", $"<p>{HostedPages.E(Accepted)}</p>" + AccountPages.SignInLink(returnUrl)));
    }

    private static string Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? email, string? error) =>
        HostedPages.Page("Forgot your password?", AccountPages.Form(http, antiforgery, PagePath, new Dictionary<string, string?> { ["returnUrl"] = returnUrl },
            "<p>Enter the email address of your account; we will mail you a link to choose a new password.</p>"
            + $"<p><label>Email <input type=\"email\" name=\"email\" autocomplete=\"email\" required maxlength=\"{Email.MaxLength}\" value=\"{HostedPages.E(email)}\"></label></p>"
            + "<p><button type=\"submit\">Send the link</button></p>", error)
            + AccountPages.SignInLink(returnUrl));
}
