using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.Pipeline;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

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
            .OwnsItsTransaction()
            .WithSummary("Set a new password with a reset token")
            .WithDescription("Sets the new password, confirms the address (the link reached it), lifts a lockout and ends every session of the account.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>The use case: the token (from the mailed link) sets the new password, confirms the address, lifts a lockout and ends every session.</summary>
    public static async Task<Result> ExecuteAsync(
        ResetPasswordRequest request, UserManager<OrdoUser> users, UserSessions sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(sessions);
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
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        ResetPasswordRequest request, UserManager<OrdoUser> users, UserSessions sessions, CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, users, sessions, cancellationToken)).ToHttp(TypedResults.NoContent);

    /// <summary>Where the mailed reset link points: a form for the address and the new password.</summary>
    public const string PagePath = "/account/reset-password";

    public static void MapResetPasswordPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(PagePath, (HttpContext http, IAntiforgery antiforgery, string? token) =>
                AccountPages.RefusedOverPlainHttp(http, "reset your password") ?? HostedPages.Html(http, Page(http, antiforgery, token, null, null)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapPost(PagePath, SubmitPageAsync)
            .AllowAnonymous()
            .RequireAttemptLimits(AttemptLimits.Account, AttemptLimits.FormField("email"))
            .ExcludeFromDescription();
    }

    private static async Task<IResult> SubmitPageAsync(HttpContext http, IAntiforgery antiforgery, UserManager<OrdoUser> users, UserSessions sessions)
    {
        if (AccountPages.RefusedOverPlainHttp(http, "reset your password") is { } refused)
        {
            return refused;
        }

        var (form, valid) = await AccountPages.ReadFormAsync(http, antiforgery);
        string token = form["token"].ToString(), email = form["email"].ToString();
        if (!valid)
        {
            return HostedPages.Html(http, Page(http, antiforgery, token, email, AccountPages.FormExpired), StatusCodes.Status400BadRequest);
        }

        var error = email.Length > Email.MaxLength || token.Length > RequestLimits.MaxTokenLength
            ? AccountProblems.InvalidToken()
            : (await ExecuteAsync(new ResetPasswordRequest(email, token, form["newPassword"].ToString()), users, sessions, http.RequestAborted)).Error;
        if (error is null)
        {
            return HostedPages.Html(http, HostedPages.Page("Password changed", "<p>Your password is changed and every earlier session has ended.</p>" + AccountPages.SignInLink(null)));
        }

        return error.Code == AccountErrors.InvalidToken.Code
            ? HostedPages.Html(http, HostedPages.Page("Link expired", "<p>The link is invalid or has expired, or the address is not the one it was sent to.</p>"
                + HostedPages.Link(ForgotPassword.PagePath, null, "Ask for a new link")), StatusCodes.Status400BadRequest)
            : HostedPages.Html(http, Page(http, antiforgery, token, email, error.Message), StatusCodes.Status400BadRequest);
    }

    private static string Page(HttpContext http, IAntiforgery antiforgery, string? token, string? email, string? error) =>
        HostedPages.Page("Choose a new password", AccountPages.Form(http, antiforgery, PagePath, new Dictionary<string, string?> { ["token"] = token },
            $"<p><label>Email <input type=\"email\" name=\"email\" autocomplete=\"username\" required maxlength=\"{Email.MaxLength}\" value=\"{HostedPages.E(email)}\"></label></p>"
            + $"<p><label>New password (at least 12 characters) <input type=\"password\" name=\"newPassword\" autocomplete=\"new-password\" required maxlength=\"{AccountProblems.MaxPasswordLength}\"></label></p>"
            + "<p><button type=\"submit\">Change password</button></p>", error));
}
