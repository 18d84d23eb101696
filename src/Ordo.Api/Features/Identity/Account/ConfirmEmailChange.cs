using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Features.Customers;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public sealed record ConfirmEmailChangeRequest(
    Guid UserId,
    [property: MaxLength(Email.MaxLength)] string Email,
    [property: MaxLength(RequestLimits.MaxTokenLength)] string Token);

/// <summary>
/// The second half of changing a customer account's email (the first is <c>PATCH /customers/{id}</c>): the link
/// mailed to the new address proves its holder reads it. Only then do the account's sign-in address and the
/// customer's contact address change, together. The link holder controls the address, so telling them it already
/// belongs to another account reveals nothing to anyone else.
/// </summary>
public static class ConfirmEmailChange
{
    /// <summary>Where the mailed link points: a page with a button (a GET never changes anything, so link scanners can't confirm).</summary>
    public const string PagePath = "/account/confirm-email-change";

    public static RouteHandlerBuilder MapConfirmEmailChange(this IEndpointRouteBuilder account) =>
        account.MapPost("/confirm-email-change", HandleAsync)
            .AllowAnonymous()
            .WithName("ConfirmEmailChange")
            .OwnsItsTransaction()
            .WithSummary("Confirm a new email address")
            .WithDescription("Takes the user id, new address and token from the link mailed to the new address (valid one day, and only until the account's password or email changes). The account signs in with the new address from now on and the customer record's contact address changes with it. 409 `email_taken` when the address has meanwhile become another account's.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>
    /// The use case: the token (bound to the new address and the account's security stamp) changes the account's
    /// sign-in address and the customer record's contact address, in one transaction of its own.
    /// </summary>
    public static async Task<Result> ExecuteAsync(
        ConfirmEmailChangeRequest request, OrdoDbContext db, UserManager<OrdoUser> users, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        var email = Email.Create(request.Email);
        var user = email.IsSuccess ? await users.FindByIdAsync(request.UserId.ToString()) : null;
        if (user is null || string.IsNullOrEmpty(request.Token))
        {
            return AccountProblems.InvalidToken();
        }

        var holder = await users.FindByEmailAsync(email.Value.Value);
        if (holder is not null && holder.Id != user.Id)
        {
            return Taken();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Checks the token (bound to this address and the security stamp), sets the address as confirmed, rotates the stamp.
        var changed = await users.ChangeEmailAsync(user, email.Value.Value, request.Token);
        if (changed.Succeeded)
        {
            changed = await users.SetUserNameAsync(user, email.Value.Value);
        }

        if (!changed.Succeeded)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return changed.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                ? Taken()
                : AccountProblems.InvalidToken();
        }

        if (user.CustomerId is { } customerId && await db.Customers.SingleOrDefaultAsync(c => c.Id == customerId, cancellationToken) is { } customer)
        {
            var updated = customer.Update(customer.Name, email.Value, customer.Phone, customer.Addresses.ToList(), time.GetUtcNow());
            if (updated.IsFailure)
            {
                throw new InvalidOperationException($"A customer record failed its own validation: {updated.Error.Code}");
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        ConfirmEmailChangeRequest request, OrdoDbContext db, UserManager<OrdoUser> users, TimeProvider time, CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, db, users, time, cancellationToken)).ToHttp(TypedResults.NoContent);

    public static void MapConfirmEmailChangePage(this IEndpointRouteBuilder app)
    {
        app.MapGet(PagePath, (HttpContext http, IAntiforgery antiforgery, Guid? userId, string? email, string? token) =>
                RefusedOverPlainHttp(http) ?? HostedPages.Html(http, Page(http, antiforgery, userId, email, token, message: null)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapPost(PagePath, SubmitPageAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static DomainError Taken() => CustomerErrors.EmailTaken.Error("This address already belongs to another account.");

    private static async Task<IResult> SubmitPageAsync(
        HttpContext http, IAntiforgery antiforgery, OrdoDbContext db, UserManager<OrdoUser> users, TimeProvider time)
    {
        if (RefusedOverPlainHttp(http) is { } refused)
        {
            return refused;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var userId = Guid.TryParse(form["userId"], out var id) ? id : (Guid?)null;
        string email = form["email"].ToString(), token = form["token"].ToString();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return HostedPages.Html(http, Page(http, antiforgery, userId, email, token, "The form expired; please try again."), StatusCodes.Status400BadRequest);
        }

        var error = userId is null
            ? AccountProblems.InvalidToken()
            : (await ExecuteAsync(new ConfirmEmailChangeRequest(userId.Value, email, token), db, users, time, http.RequestAborted)).Error;
        return HostedPages.Html(http, error switch
        {
            null => HostedPages.Page("Email address changed", "<p>Your account now uses this address. Sign in with it from now on.</p>"),
            { Code: var code } when code == CustomerErrors.EmailTaken.Code =>
                HostedPages.Page("Address in use", "<p>This address already belongs to another Ordo account, so it can't be added to this one.</p>"),
            _ => HostedPages.Page("Link expired", "<p>The link is invalid or has expired. Ask for the change again.</p>"),
        });
    }

    private static IResult? RefusedOverPlainHttp(HttpContext http) =>
        HostedPages.RefusedOverPlainHttp(http, "Confirming needs HTTPS", "confirm your new email address");

    private static string Page(HttpContext http, IAntiforgery antiforgery, Guid? userId, string? email, string? token, string? message)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var alert = message is null ? "" : $"<p role=\"alert\">{HostedPages.E(message)}</p>";
        return HostedPages.Page("Confirm your new email address",
            alert
            + $"<p>Use <strong>{HostedPages.E(email)}</strong> as the email address of your Ordo account?</p>"
            + $"<form method=\"post\" action=\"{HostedPages.E(PagePath)}\">"
            + $"<input type=\"hidden\" name=\"{HostedPages.E(tokens.FormFieldName)}\" value=\"{HostedPages.E(tokens.RequestToken)}\">"
            + $"<input type=\"hidden\" name=\"userId\" value=\"{HostedPages.E(userId?.ToString())}\">"
            + $"<input type=\"hidden\" name=\"email\" value=\"{HostedPages.E(email)}\">"
            + $"<input type=\"hidden\" name=\"token\" value=\"{HostedPages.E(token)}\">"
            + "<p><button type=\"submit\">Confirm</button></p></form>");
    }
}
