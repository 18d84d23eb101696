using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Password-reset tokens with their own, short lifetime (<see cref="AuthOptions.PasswordResetTokenLifetime"/>,
/// 15 minutes by default); email-confirmation links keep Identity's default provider and its day. A token is
/// bound to the user, its purpose and the security stamp, so it dies with the password it resets; its age is read
/// from the injected clock.
/// </summary>
public sealed class PasswordResetTokens(IDataProtectionProvider protection, IOptions<AuthOptions> auth, TimeProvider time)
    : IUserTwoFactorTokenProvider<OrdoUser>
{
    public const string ProviderName = "OrdoPasswordReset";

    private readonly IDataProtector _protector = protection.CreateProtector("Ordo.PasswordResetTokens");

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<OrdoUser> manager, OrdoUser user) => Task.FromResult(false);

    public async Task<string> GenerateAsync(string purpose, UserManager<OrdoUser> manager, OrdoUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var issued = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var payload = string.Join('\n', issued, user.Id.ToString(), purpose, await manager.GetSecurityStampAsync(user));
        return Base64Url.EncodeToString(_protector.Protect(Encoding.UTF8.GetBytes(payload)));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<OrdoUser> manager, OrdoUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(_protector.Unprotect(Base64Url.DecodeFromChars(token ?? ""))).Split('\n');
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return false;
        }

        if (parts.Length != 4 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var issuedAt))
        {
            return false;
        }

        var expires = DateTimeOffset.FromUnixTimeMilliseconds(issuedAt) + auth.Value.PasswordResetTokenLifetime;
        return expires > time.GetUtcNow()
            && parts[1] == user.Id.ToString()
            && parts[2] == purpose
            && parts[3] == await manager.GetSecurityStampAsync(user);
    }
}
