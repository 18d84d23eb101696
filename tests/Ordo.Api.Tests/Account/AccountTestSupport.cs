using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Account;

/// <summary>Keeps every account email the service sends, instead of delivering it.</summary>
public sealed class CapturedEmails : IAccountEmailSender
{
    private readonly ConcurrentQueue<AccountEmail> _sent = new();

    public Task SendAsync(AccountEmail email, CancellationToken cancellationToken)
    {
        _sent.Enqueue(email);
        return Task.CompletedTask;
    }

    public IReadOnlyList<AccountEmail> To(string address, AccountEmailKind kind) =>
        [.. _sent.Where(e => e.Kind == kind && string.Equals(e.To, address, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Waits for the <paramref name="count"/>-th message of this kind to this address (emails are sent in the background).</summary>
    public async Task<AccountEmail> WaitForAsync(string address, AccountEmailKind kind, int count = 1)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            var sent = To(address, kind);
            if (sent.Count >= count)
            {
                return sent[count - 1];
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new Xunit.Sdk.XunitException($"No {kind} email #{count} was sent.");
    }

    public static string QueryValue(AccountEmail email, string name) =>
        QueryHelpers.ParseQuery(email.Link!.Query)[name].ToString();
}

public interface IMailboxFixture
{
    CapturedEmails Emails { get; }
}

public class AccountSqliteFixture : SqliteApiFixture, IMailboxFixture
{
    public CapturedEmails Emails { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAccountEmailSender>(Emails);
}

public class AccountPostgresFixture : PostgresApiFixture, IMailboxFixture
{
    public CapturedEmails Emails { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IAccountEmailSender>(Emails);
}

/// <summary>RFC 6238 TOTP as authenticator apps compute it: HMAC-SHA1, 30-second steps, 6 digits.</summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset? at = null)
    {
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        Span<byte> message = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238 authenticator codes are HMAC-SHA1 by definition; this computes them as apps do
        var hash = HMACSHA1.HashData(Base32(base32Key), message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().Where(c => c is not (' ' or '=' or '-')))
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
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

/// <summary>
/// An authenticator app used several times in one test: each code is from a later time step than the one before,
/// since the service accepts a step once. Starts a step in the past, so four codes stay within the service's window.
/// </summary>
public sealed class TestAuthenticator(string key)
{
    private int _step = -1;

    public string Key { get; } = key;

    public string NextCode() => Totp.Code(Key, DateTimeOffset.UtcNow.AddSeconds(30 * _step++));
}

public static class AccountHttp
{
    public static HttpClient WithToken(this OrdoApiFactory factory, string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static Task<TestAuth.TokenResponse> RefreshAsync(HttpClient anonymous, string refreshToken) =>
        TestAuth.RequestTokenAsync(anonymous, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = AuthOptions.AdminClientId,
            ["refresh_token"] = refreshToken,
        }, TestContext.Current.CancellationToken);

    public static string NewEmail(string prefix = "account") => $"{prefix}.{Guid.NewGuid():N}@example.test";
}
