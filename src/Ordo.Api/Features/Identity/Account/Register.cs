using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Infrastructure.Pipeline;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public sealed record RegisterRequest(
    [property: MaxLength(Email.MaxLength)] string Email,
    [property: MaxLength(AccountProblems.MaxPasswordLength)] string Password,
    [property: MaxLength(Customer.MaxNameLength)] string Name);

public static class Register
{
    public const string Accepted = "If this address can be registered, a confirmation email is on its way; follow its link to finish.";

    public static RouteHandlerBuilder MapRegister(this IEndpointRouteBuilder account) =>
        account.MapPost("/register", HandleAsync)
            .AllowAnonymous()
            .RequireAttemptLimits(AttemptLimits.Account, AttemptLimits.Argument<RegisterRequest>(r => r.Email))
            .WithName("Register")
            .OwnsItsTransaction()
            .WithSummary("Register as a customer")
            .WithDescription("Creates a customer and its account (role `customer`) and mails a confirmation link. Answers 202 with the same body whether or not the address already has an account; its owner is told by email instead. Rejected passwords answer 400 with the reason as `code` (`password_too_short`, `password_too_common`, ...).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>
    /// The use case: creates the customer and its account in one transaction of its own, with the email carrying the
    /// confirmation link. For an address that already has an account it does as much work, mails the owner instead and succeeds
    /// all the same, so the outcome never tells whether the address is known.
    /// </summary>
    public static async Task<Result> ExecuteAsync(
        RegisterRequest request, OrdoDbContext db, UserManager<OrdoUser> users, IPasswordHasher<OrdoUser> hasher,
        AccountEmails emails, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(emails);
        ArgumentNullException.ThrowIfNull(time);
        var email = Email.Create(request.Email);
        if (email.IsFailure)
        {
            return email.Error;
        }

        var now = time.GetUtcNow();
        var customer = Customer.Create(request.Name, email.Value, phone: null, [], now);
        if (customer.IsFailure)
        {
            return customer.Error;
        }

        if (AccountProblems.TooLong(request.Password, "$.password") is { } tooLong)
        {
            return tooLong;
        }

        var user = new OrdoUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email.Value.Value,
            Email = email.Value.Value,
            CustomerId = customer.Value.Id,
            CreatedAt = now,
        };
        var policy = await ValidatePasswordAsync(users, user, request.Password);
        if (!policy.Succeeded)
        {
            return AccountProblems.Rejected(policy, "$.password");
        }

        // Only an account holds an address: a customer record's address (typed by staff, never confirmed) does not,
        // so its owner can still register. An account not yet confirmed does hold it, but never against its owner:
        // the mail below offers the password reset, which confirms the address and takes the account over.
        var owner = await users.FindByEmailAsync(email.Value.Value);
        if (owner is not null)
        {
            // As much work as a registration (one password hash), so the answer's timing doesn't tell either.
            hasher.HashPassword(user, request.Password);
            await emails.QueueRegistrationAttemptAsync(owner.Id, email.Value.Value, cancellationToken);
            return Result.Success();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                db.Customers.Add(customer.Value);
                await db.SaveChangesAsync(cancellationToken);
                var created = await users.CreateAsync(user, request.Password);
                if (created.Succeeded)
                {
                    created = await users.AddToRoleAsync(user, BuiltInRoles.Customer);
                }

                if (!created.Succeeded)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    if (created.Errors.All(error => error.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail)))
                    {
                        // A concurrent registration of the same address committed after the look-up above.
                        return await AddressTakenMeanwhileAsync(db, users, emails, email.Value.Value, cancellationToken);
                    }

                    return AccountProblems.Rejected(created, "$.email");
                }

                // In the registration's transaction: the confirmation exists exactly when the account does.
                await emails.QueueConfirmationAsync(user, await users.GenerateEmailConfirmationTokenAsync(user), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // A concurrent registration of the same address won the unique index.
                await transaction.RollbackAsync(CancellationToken.None);
                return await AddressTakenMeanwhileAsync(db, users, emails, email.Value.Value, cancellationToken);
            }
        }

        return Result.Success();
    }

    /// <summary>To a caller who lost a race for the address it looks the same as to any other: the owner is mailed, and it succeeds.</summary>
    private static async Task<Result> AddressTakenMeanwhileAsync(
        OrdoDbContext db, UserManager<OrdoUser> users, AccountEmails emails, string address, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        if (await users.FindByEmailAsync(address) is { } owner)
        {
            await emails.QueueRegistrationAttemptAsync(owner.Id, address, cancellationToken);
        }

        return Result.Success();
    }

    /// <summary>The REST adapter: 202 with the same body whenever the use case succeeds.</summary>
    public static async Task<Results<Accepted<AccountAcceptedResponse>, ProblemHttpResult>> HandleAsync(
        RegisterRequest request, OrdoDbContext db, UserManager<OrdoUser> users, IPasswordHasher<OrdoUser> hasher,
        AccountEmails emails, TimeProvider time, CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, db, users, hasher, emails, time, cancellationToken))
            .ToHttp(() => TypedResults.Accepted((string?)null, new AccountAcceptedResponse(Accepted)));

    /// <summary>The hosted registration page the sign-in page links to.</summary>
    public const string PagePath = HostedPages.RegisterPath;

    public static void MapRegisterPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(PagePath, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
                AccountPages.RefusedOverPlainHttp(http, "register") ?? HostedPages.Html(http, Page(http, antiforgery, HostedPages.Local(returnUrl), null, null, null)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapPost(PagePath, SubmitPageAsync)
            .AllowAnonymous()
            .RequireAttemptLimits(AttemptLimits.Account, AttemptLimits.FormField("email"))
            .ExcludeFromDescription();
    }

    private static async Task<IResult> SubmitPageAsync(
        HttpContext http, IAntiforgery antiforgery, OrdoDbContext db, UserManager<OrdoUser> users, IPasswordHasher<OrdoUser> hasher,
        AccountEmails emails, TimeProvider time)
    {
        if (AccountPages.RefusedOverPlainHttp(http, "register") is { } refused)
        {
            return refused;
        }

        var (form, valid) = await AccountPages.ReadFormAsync(http, antiforgery);
        var returnUrl = HostedPages.Local(form["returnUrl"]);
        string email = form["email"].ToString(), name = form["name"].ToString();
        if (!valid)
        {
            return HostedPages.Html(http, Page(http, antiforgery, returnUrl, email, name, AccountPages.FormExpired), StatusCodes.Status400BadRequest);
        }

        var registered = await ExecuteAsync(new RegisterRequest(email, form["password"].ToString(), name), db, users, hasher, emails, time, http.RequestAborted);
        return registered.IsFailure
            ? HostedPages.Html(http, Page(http, antiforgery, returnUrl, email, name, registered.Error.Message), StatusCodes.Status400BadRequest)
            : HostedPages.Html(http, HostedPages.Page("Check your email", $"<p>{HostedPages.E(Accepted)}</p>" + AccountPages.SignInLink(returnUrl)));
    }

    private static string Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? email, string? name, string? error) =>
        HostedPages.Page("Create an account", AccountPages.Form(http, antiforgery, PagePath, new Dictionary<string, string?> { ["returnUrl"] = returnUrl },
            $"<p><label>Name <input name=\"name\" autocomplete=\"name\" required maxlength=\"{Customer.MaxNameLength}\" value=\"{HostedPages.E(name)}\"></label></p>"
            + $"<p><label>Email <input type=\"email\" name=\"email\" autocomplete=\"email\" required maxlength=\"{Email.MaxLength}\" value=\"{HostedPages.E(email)}\"></label></p>"
            + $"<p><label>Password (at least 12 characters) <input type=\"password\" name=\"password\" autocomplete=\"new-password\" required maxlength=\"{AccountProblems.MaxPasswordLength}\"></label></p>"
            + "<p><button type=\"submit\">Create account</button></p>", error)
            + AccountPages.SignInLink(returnUrl, "Already have an account? Sign in"));

    internal static async Task<IdentityResult> ValidatePasswordAsync(UserManager<OrdoUser> users, OrdoUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }
}
