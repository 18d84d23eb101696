using Microsoft.AspNetCore.Identity;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>Authenticator (TOTP) enrolment, shared by the account API and the sign-in page.</summary>
public static class Authenticator
{
    public const string Issuer = "Ordo";
    public const int RecoveryCodeCount = 10;

    /// <summary>The key URI authenticator apps scan (SHA-1, 30 s, 6 digits: the defaults every app supports).</summary>
    public static string OtpauthUri(string email, string sharedKey) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={sharedKey}&issuer={Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits=6&period=30";

    /// <summary>A fresh key (the previous one stops working).</summary>
    public static async Task<string> ResetKeyAsync(UserManager<OrdoUser> users, OrdoUser user)
    {
        ArgumentNullException.ThrowIfNull(users);
        await users.ResetAuthenticatorKeyAsync(user);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    public static Task<bool> VerifyAsync(UserManager<OrdoUser> users, OrdoUser user, string? code)
    {
        ArgumentNullException.ThrowIfNull(users);
        var normalized = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return normalized.Length == 0
            ? Task.FromResult(false)
            : users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, normalized);
    }

    /// <summary>Switches two-step verification on once the user proved their app works; returns the recovery codes, or null.</summary>
    public static async Task<IReadOnlyList<string>?> CompleteEnrolmentAsync(
        UserManager<OrdoUser> users, FailedAttempts failures, OrdoUser user, string? code)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(failures);
        ArgumentNullException.ThrowIfNull(user);
        if (await users.GetAuthenticatorKeyAsync(user) is null || !await VerifyAsync(users, user, code))
        {
            // Not cancellable: a caller who hangs up must not escape the count.
            await failures.CountAsync(user, CancellationToken.None);
            return null;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!];
    }
}
