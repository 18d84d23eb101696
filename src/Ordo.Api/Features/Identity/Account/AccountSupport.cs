using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

/// <summary>The answer of the public account endpoints: the same whether or not the address has an account.</summary>
public sealed record AccountAcceptedResponse(string Message);

/// <summary>A current authenticator (TOTP) code, or for some operations a recovery code.</summary>
/// <param name="Code">A 6-digit authenticator code, or a recovery code.</param>
public sealed record MfaCodeRequest([property: MaxLength(RequestLimits.MaxCodeLength)] string Code);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

/// <summary>The refusals the account use cases share, each with its catalogued code (<see cref="AccountErrors"/>).</summary>
internal static class AccountProblems
{
    /// <summary>Longer passwords only cost hashing time; no passphrase needs more.</summary>
    public const int MaxPasswordLength = 256;

    /// <summary>A rejected password: the first reason's code as the error's code, every reason listed in its details.</summary>
    public static DomainError Rejected(IdentityResult result, string field)
    {
        ArgumentNullException.ThrowIfNull(result);
        var reasons = result.Errors.Select(IdentityErrors.Of).ToList();
        if (reasons.Count == 0)
        {
            throw new ArgumentException("A rejection names at least one reason.", nameof(result));
        }

        return reasons[0].Error(string.Join(" ", result.Errors.Select(e => e.Description))) with
        {
            Details = new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, string[]> { [field] = [.. result.Errors.Select(e => e.Description)] },
                ["reasons"] = reasons.Select(reason => reason.Code).ToList(),
            },
        };
    }

    public static DomainError? TooLong(string password, string field) =>
        password.Length > MaxPasswordLength
            ? Rejected(IdentityResult.Failed(IdentityErrors.PasswordTooLong.AsIdentityError($"Passwords must be at most {MaxPasswordLength} characters.")), field)
            : null;

    public static DomainError InvalidToken() => AccountErrors.InvalidToken.Error("The link is invalid or has expired; ask for a new one.");

    public static DomainError InvalidCode() => AccountErrors.InvalidCode.Error(UserSignIn.MfaCodeInvalid);

    public static DomainError PasswordIncorrect() => AccountErrors.CurrentPasswordIncorrect.Error("The current password is incorrect.");

    public static DomainError NotAUser() => AccountErrors.NotAUser.Error("Only a signed-in person has an account; integration clients don't.");

    public static DomainError MfaNotEnabled() => AccountErrors.MfaNotEnabled.Error("Two-step verification is not enabled on this account.");

    public static DomainError LockedOut() => AccountErrors.AccountLocked.Error("Too many wrong passwords or codes; try again later.");

    public static DomainError MfaAlreadyEnabled() => AccountErrors.MfaAlreadyEnabled.Error(
        "Two-step verification is already enabled; disable it first to enrol a new authenticator.");
}

internal static class AccountCaller
{
    /// <summary>The signed-in person's user record; refused for integration clients (and users deleted meanwhile).</summary>
    public static async Task<Result<OrdoUser>> UserAsync(CallerAccess caller, UserManager<OrdoUser> users)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(users);
        var user = caller.Kind == CallerKind.Client ? null : await users.FindByIdAsync(caller.SubjectId);
        return user is null ? AccountProblems.NotAUser() : user;
    }

    /// <summary>
    /// The signed-in user for a step that checks a password or a code, or the refusal: while the account is locked
    /// these steps accept nothing, as sign-in doesn't.
    /// </summary>
    public static async Task<Result<OrdoUser>> UnlockedUserAsync(CallerAccess caller, UserManager<OrdoUser> users)
    {
        var user = await UserAsync(caller, users);
        if (user.IsFailure)
        {
            return user;
        }

        return await users.IsLockedOutAsync(user.Value) ? AccountProblems.LockedOut() : user;
    }

    /// <summary>
    /// Re-checks the password before a step that changes how the account signs in (MFA on or off): a stolen access
    /// token alone must not do it. A wrong password counts towards the lockout; null when it matched.
    /// </summary>
    public static async Task<DomainError?> CheckPasswordAsync(UserManager<OrdoUser> users, FailedAttempts failures, OrdoUser user, string? password)
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
