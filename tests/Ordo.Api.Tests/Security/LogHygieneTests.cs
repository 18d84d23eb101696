using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Tests.Account;
using Ordo.Api.Tests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static Ordo.Api.Tests.Security.TokenTestSupport;

namespace Ordo.Api.Tests.Security;

/// <summary>
/// What signing in leaves in the logs: every record the service writes under its shipped log levels (the same in
/// Production), and under verbose levels an operator might switch on, is searched for the credentials, tokens, codes
/// and secrets the flows used. None may appear.
/// </summary>
public abstract class LogHygieneTests(ApiFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_in_refreshing_introspecting_and_revoking_log_no_email_password_token_code_verifier_or_secret()
    {
        var services = fixture.Factory.Services;
        var collector = services.GetRequiredService<FakeLogCollector>();
        collector.Clear();
        using var anonymous = fixture.CreateAnonymousClient();
        var secrets = new List<string>();

        // The password grant, for a user without and a user with two-step verification (a recovery code as the otp).
        var user = await CreateWarehouseUserAsync(services);
        secrets.AddRange([user.Email, user.Password]);
        var byPassword = await PasswordGrantAsync(anonymous, user, Scopes.OfflineAccess);
        Assert.Equal(200, byPassword.Status);
        secrets.AddRange(TokensOf(byPassword));
        var wrongPassword = await PasswordGrantAsync(anonymous, user with { Password = "wrong-" + user.Password });
        Assert.Equal(400, wrongPassword.Status);
        secrets.Add("wrong-" + user.Password);

        var mfaUser = await CreateWarehouseUserAsync(services);
        secrets.AddRange([mfaUser.Email, mfaUser.Password]);
        var recoveryCode = await EnrolAuthenticatorAsync(anonymous, mfaUser);
        secrets.Add(recoveryCode);
        var withOtp = await TestAuth.PasswordGrantAsync(anonymous, mfaUser.Email, mfaUser.Password, otp: recoveryCode, cancellationToken: Cancellation);
        Assert.Equal(200, withOtp.Status);
        secrets.AddRange(TokensOf(withOtp));

        // Authorization code + PKCE through the sign-in page.
        using var browser = SignInBrowser.Create(fixture.Factory);
        var codeFlow = await browser.SignInWithCodeAsync(user.Email, user.Password);
        secrets.AddRange([codeFlow.Code, codeFlow.Verifier, .. TokensOf(codeFlow.Token)]);

        // Refresh, introspection by a confidential client, revocation.
        var refreshed = await RefreshAsync(anonymous, codeFlow.Token.RefreshToken!);
        Assert.Equal(200, refreshed.Status);
        secrets.AddRange(TokensOf(refreshed));
        var introspector = await CreateConfidentialClientAsync(services, Permissions.Endpoints.Introspection);
        secrets.Add(introspector.Secret);
        var introspectForm = new Dictionary<string, string> { ["token"] = refreshed.AccessToken };
        AddClient(introspectForm, introspector);
        Assert.Equal(200, (await PostFormAsync(anonymous, "/connect/introspect", introspectForm)).Status);
        var revokeForm = new Dictionary<string, string> { ["token"] = refreshed.RefreshToken!, ["token_type_hint"] = TokenTypeHints.RefreshToken };
        AddClient(revokeForm, null);
        Assert.Equal(200, (await PostFormAsync(anonymous, "/connect/revoke", revokeForm)).Status);
        var afterRevocation = await RefreshAsync(anonymous, refreshed.RefreshToken!);
        Assert.Equal(400, afterRevocation.Status);

        var records = collector.GetSnapshot();
        Assert.Contains(records, record => record.Id.Name == "RequestCompleted" && record.GetStructuredStateValue("Route") == "/connect/token");
        var logged = string.Join('\n', records.Select(Text));
        foreach (var secret in secrets.SelectMany(Fragments).Distinct(StringComparer.Ordinal))
        {
            var at = logged.IndexOf(secret, StringComparison.OrdinalIgnoreCase);
            Assert.True(at < 0, $"The logs hold '{secret}': …{logged[Math.Max(0, at - 300)..Math.Min(logged.Length, at + 100)]}…");
        }
    }

    private async Task<string> EnrolAuthenticatorAsync(HttpClient anonymous, StaffUser user)
    {
        var token = await PasswordGrantAsync(anonymous, user);
        using var api = fixture.Factory.WithToken(token.AccessToken);
        var key = (await (await api.SendPostAsync("/api/v1/account/mfa/authenticator", new { password = user.Password })).JsonAsync(HttpStatusCode.OK))
            .GetProperty("sharedKey").GetString()!;
        var verified = await (await api.SendPostAsync("/api/v1/account/mfa/authenticator/verify", new { code = Totp.Code(key) })).JsonAsync(HttpStatusCode.OK);
        return verified.GetProperty("recoveryCodes")[0].GetString()!;
    }

    private static IEnumerable<string> TokensOf(TestAuth.TokenResponse response) =>
        new[] { "access_token", "refresh_token", "id_token" }
            .Where(name => response.Body.TryGetProperty(name, out _))
            .Select(name => response.Body.GetProperty(name).GetString()!);

    /// <summary>The value, and each part of a JWT/JWE past its header (a logged signature or payload is a leak too).</summary>
    private static IEnumerable<string> Fragments(string secret) =>
        secret.Contains('.', StringComparison.Ordinal)
            ? [secret, .. secret.Split('.').Skip(1).Where(part => part.Length >= 16)]
            : [secret];

    /// <summary>Everything a log sink could write of a record: message, structured values, scopes, exception.</summary>
    private static string Text(FakeLogRecord record) =>
        string.Join(
            ' ',
            new[] { record.Category, record.Message, record.Exception?.ToString() }
                .Concat(record.StructuredState?.Select(pair => $"{pair.Key}={pair.Value}") ?? [])
                .Concat(record.Scopes.SelectMany(ScopeText)));

    private static IEnumerable<string?> ScopeText(object? scope) =>
        scope is IEnumerable<KeyValuePair<string, object?>> values ? values.Select(pair => (string?)$"{pair.Key}={pair.Value}") : [scope?.ToString()];
}

/// <summary>The service with its shipped log levels (as in Production), every level the filters let through captured.</summary>
public class LogCapturingFixture : SqliteApiFixture
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<FakeLogCollectorOptions>(options => options.FilteredLevels.Clear());
}

/// <summary>As an operator chasing a sign-in problem might run it: every category at Trace.</summary>
public sealed class VerboseLogCapturingFixture : LogCapturingFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
    };
}

public sealed class LogHygieneAtShippedLevels(LogCapturingFixture fixture) : LogHygieneTests(fixture), IClassFixture<LogCapturingFixture>;

public sealed class LogHygieneAtTrace(VerboseLogCapturingFixture fixture) : LogHygieneTests(fixture), IClassFixture<VerboseLogCapturingFixture>;
