using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public sealed record ConfirmEmailRequest(Guid UserId, [property: MaxLength(RequestLimits.MaxTokenLength)] string Token);

public static class ConfirmEmail
{
    public static RouteHandlerBuilder MapConfirmEmail(this IEndpointRouteBuilder account) =>
        account.MapPost("/confirm-email", HandleAsync)
            .AllowAnonymous()
            .WithName("ConfirmEmail")
            .OwnsItsTransaction()
            .WithSummary("Confirm an email address")
            .WithDescription("Takes the user id and token from the confirmation link. Customers can sign in once their address is confirmed.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    /// <summary>The use case: the token (from the mailed link) confirms the user's address.</summary>
    public static async Task<Result> ExecuteAsync(ConfirmEmailRequest request, UserManager<OrdoUser> users)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(users);
        var user = await users.FindByIdAsync(request.UserId.ToString());
        if (user is null || !(await users.ConfirmEmailAsync(user, request.Token)).Succeeded)
        {
            return AccountProblems.InvalidToken();
        }

        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(ConfirmEmailRequest request, UserManager<OrdoUser> users) =>
        (await ExecuteAsync(request, users)).ToHttp(TypedResults.NoContent);

    /// <summary>Where the mailed link points: a page with a button (a GET never changes anything, so link scanners can't confirm).</summary>
    public const string PagePath = "/account/confirm-email";

    public static void MapConfirmEmailPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(PagePath, (HttpContext http, IAntiforgery antiforgery, string? userId, string? token) =>
                AccountPages.RefusedOverPlainHttp(http, "confirm your email address") ?? HostedPages.Html(http, Page(http, antiforgery, userId, token, null)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapPost(PagePath, SubmitPageAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> SubmitPageAsync(HttpContext http, IAntiforgery antiforgery, UserManager<OrdoUser> users)
    {
        if (AccountPages.RefusedOverPlainHttp(http, "confirm your email address") is { } refused)
        {
            return refused;
        }

        var (form, valid) = await AccountPages.ReadFormAsync(http, antiforgery);
        string userId = form["userId"].ToString(), token = form["token"].ToString();
        if (!valid)
        {
            return HostedPages.Html(http, Page(http, antiforgery, userId, token, AccountPages.FormExpired), StatusCodes.Status400BadRequest);
        }

        var confirmed = Guid.TryParse(userId, out var id) && token.Length is > 0 and <= RequestLimits.MaxTokenLength
            && (await ExecuteAsync(new ConfirmEmailRequest(id, token), users)).IsSuccess;
        return confirmed
            ? HostedPages.Html(http, HostedPages.Page("Email address confirmed", "<p>Your email address is confirmed.</p>" + AccountPages.SignInLink(null)))
            : HostedPages.Html(http, HostedPages.Page("Link expired", "<p>The link is invalid or has expired.</p>"
                + HostedPages.Link(ForgotPassword.PagePath, null, "Forgot your password? Resetting it confirms your address too.")), StatusCodes.Status400BadRequest);
    }

    private static string Page(HttpContext http, IAntiforgery antiforgery, string? userId, string? token, string? error) =>
        HostedPages.Page("Confirm your email address", AccountPages.Form(http, antiforgery, PagePath,
            new Dictionary<string, string?> { ["userId"] = userId, ["token"] = token },
            "<p>Confirm this address for your Ordo account.</p><p><button type=\"submit\">Confirm</button></p>", error));
}
