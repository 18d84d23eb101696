using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Authenticator (TOTP, RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) codes that work once. Registered in the
/// place of Identity's authenticator provider, so every path that checks a code (token endpoint <c>otp</c>, sign-in
/// page, self-service MFA endpoints) goes through it. Identity accepts the same code again and again within its
/// window; here the matching time step is claimed in one UPDATE that succeeds only if it is later than the last
/// step accepted, so a code, once used, is refused, and of two requests with the same code at most one succeeds.
/// </summary>
public sealed class SingleUseAuthenticatorCodes(OrdoDbContext db, TimeProvider time) : IUserTwoFactorTokenProvider<OrdoUser>
{
    private const int StepSeconds = 30;

    /// <summary>Steps either side of now that are accepted (clock drift and typing time), as Identity does.</summary>
    private const int Window = 2;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<OrdoUser> manager, OrdoUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
    }

    /// <summary>The app generates the codes; the server never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<OrdoUser> manager, OrdoUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<OrdoUser> manager, OrdoUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token is not { Length: 6 } || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        var secret = Base32Decode(key);
        var now = time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        for (var step = now - Window; step <= now + Window; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                return await ClaimAsync(user, step);
            }
        }

        return false;
    }

    /// <summary>Records the step as used, unless it (or a later one) already was.</summary>
    private async Task<bool> ClaimAsync(OrdoUser user, long step)
    {
        var stamp = Guid.NewGuid().ToString();
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LastTotpTimeStep == null || u.LastTotpTimeStep < step))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.LastTotpTimeStep, step).SetProperty(u => u.ConcurrencyStamp, stamp));
        if (claimed == 0)
        {
            return false;
        }

        TrackedUser.Accept(db, user, u => u.LastTotpTimeStep, step);
        TrackedUser.Accept(db, user, u => u.ConcurrencyStamp, stamp);
        return true;
    }

    private static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 authenticator codes are HMAC-SHA1 by definition: what every app computes
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32, as Identity writes authenticator keys (upper case, no padding).</summary>
    private static byte[] Base32Decode(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                continue; // padding, spaces, dashes
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
