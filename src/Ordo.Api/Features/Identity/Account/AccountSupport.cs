using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

/// <summary>The answer of the public account endpoints: the same whether or not the address has an account.</summary>
public sealed record AccountAcceptedResponse(string Message);

/// <summary>A current authenticator (TOTP) code, or for some operations a recovery code.</summary>
/// <param name="Code">A 6-digit authenticator code, or a recovery code.</param>
public sealed record MfaCodeRequest([property: MaxLength(RequestLimits.MaxCodeLength)] string Code);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

internal static class AccountProblems
{
    /// <summary>Longer passwords only cost hashing time; no passphrase needs more.</summary>
    public const int MaxPasswordLength = 256;

    /// <summary>A rejected password: the first reason's code as the problem code, every reason listed.</summary>
    public static ProblemHttpResult Rejected(IdentityResult result, string field)
    {
        ArgumentNullException.ThrowIfNull(result);
        var reasons = result.Errors.Select(IdentityErrors.Of).ToList();
        if (reasons.Count == 0)
        {
            throw new ArgumentException("A rejection names at least one reason.", nameof(result));
        }

        return DomainProblems.Problem(
            reasons[0],
            string.Join(" ", result.Errors.Select(e => e.Description)),
            new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [field] = [.. result.Errors.Select(e => e.Description)] },
                ["reasons"] = reasons.Select(reason => reason.Code).ToList(),
            });
    }

    public static ProblemHttpResult? TooLong(string password, string field) =>
        password.Length > MaxPasswordLength
            ? Rejected(IdentityResult.Failed(IdentityErrors.PasswordTooLong.AsIdentityError($"Passwords must be at most {MaxPasswordLength} characters.")), field)
            : null;

    public static ProblemHttpResult InvalidToken() => DomainProblems.Problem(
        AccountErrors.InvalidToken, "The link is invalid or has expired; ask for a new one.");

    public static ProblemHttpResult InvalidCode() => DomainProblems.Problem(AccountErrors.InvalidCode, UserSignIn.MfaCodeInvalid);

    public static ProblemHttpResult PasswordIncorrect() => DomainProblems.Problem(
        AccountErrors.CurrentPasswordIncorrect, "The current password is incorrect.");

    public static ProblemHttpResult NotAUser() => DomainProblems.Problem(
        AccountErrors.NotAUser, "Only a signed-in person has an account; integration clients don't.");

    public static ProblemHttpResult MfaNotEnabled() => DomainProblems.Problem(
        AccountErrors.MfaNotEnabled, "Two-step verification is not enabled on this account.");

    public static ProblemHttpResult LockedOut() => DomainProblems.Problem(
        AccountErrors.AccountLocked, "Too many wrong passwords or codes; try again later.");

    public static ProblemHttpResult MfaAlreadyEnabled() => DomainProblems.Problem(
        AccountErrors.MfaAlreadyEnabled, "Two-step verification is already enabled; disable it first to enrol a new authenticator.");
}

internal static class AccountCaller
{
    /// <summary>The signed-in person's user record, or null for integration clients (and users deleted meanwhile).</summary>
    public static async Task<OrdoUser?> UserAsync(HttpContext http, UserManager<OrdoUser> users)
    {
        var caller = CallerAccess.Required(http);
        return caller.Kind == CallerKind.Client ? null : await users.FindByIdAsync(caller.SubjectId);
    }

    /// <summary>
    /// The signed-in user for a step that checks a password or a code, or the refusal: while the account is locked
    /// these steps accept nothing, as sign-in doesn't.
    /// </summary>
    public static async Task<(OrdoUser? User, ProblemHttpResult? Refused)> UnlockedUserAsync(HttpContext http, UserManager<OrdoUser> users)
    {
        var user = await UserAsync(http, users);
        if (user is null)
        {
            return (null, AccountProblems.NotAUser());
        }

        return await users.IsLockedOutAsync(user) ? (null, AccountProblems.LockedOut()) : (user, null);
    }

    /// <summary>
    /// Re-checks the password before a step that changes how the account signs in (MFA on or off): a stolen access
    /// token alone must not do it. A wrong password counts towards the lockout; null when it matched.
    /// </summary>
    public static async Task<ProblemHttpResult?> CheckPasswordAsync(UserManager<OrdoUser> users, FailedAttempts failures, OrdoUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(failures);
        if (!string.IsNullOrEmpty(password) && password.Length <= AccountProblems.MaxPasswordLength && await users.CheckPasswordAsync(user, password))
        {
            return null;
        }

        await failures.CountAsync(user, CancellationToken.None);
        return AccountProblems.PasswordIncorrect();
    }
}
