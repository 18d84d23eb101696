using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Tests.Account;

/// <summary>
/// Secrets presented at the same moment: every wrong password counts, a refresh token is redeemed once, a TOTP code
/// is accepted once. Each test releases its requests together; the PostgreSQL run is the one that proves atomicity.
/// </summary>
public abstract class ConcurrentCredentialTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    private async Task<(string Email, string Password, OrdoUser User)> StaffUserAsync()
    {
        var email = AccountHttp.NewEmail("race");
        var password = TestAuth.NewPassword();
        var user = await TestAuth.CreateUserAsync(Fixture.Factory.Services, email, password, [BuiltInRoles.Warehouse]);
        return (email, password, user);
    }

    private async Task<OrdoUser> StoredUserAsync(Guid id)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<OrdoUser>>();
        return (await users.FindByIdAsync(id.ToString()))!;
    }

    /// <summary>A staff user with an authenticator enrolled through the account API; the enrolment used one code.</summary>
    private async Task<(string Email, string Password, TestAuthenticator App)> EnrolledUserAsync()
    {
        var (email, password, _) = await StaffUserAsync();
        var token = await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation);
        using var client = Fixture.Factory.WithToken(token.AccessToken);
        var enrolment = await (await client.SendPostAsync("/api/v1/account/mfa/authenticator", new { password })).JsonAsync(HttpStatusCode.OK);
        var app = new TestAuthenticator(enrolment.GetProperty("sharedKey").GetString()!);
        await (await client.SendPostAsync("/api/v1/account/mfa/authenticator/verify", new { code = app.NextCode() })).JsonAsync(HttpStatusCode.OK);
        return (email, password, app);
    }

    private static async Task<T[]> AllAtOnceAsync<T>(int count, Func<Task<T>> attempt)
    {
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, count).Select(async _ =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            return await attempt();
        }).ToList();
        start.Release(count);
        return await Task.WhenAll(attempts);
    }

    [Fact]
    public async Task Four_wrong_passwords_sent_at_once_count_as_four_failed_attempts_and_a_fifth_locks_the_account()
    {
        var (email, password, user) = await StaffUserAsync();

        var answers = await AllAtOnceAsync(4, () => TestAuth.PasswordGrantAsync(Anonymous, email, "wrong-" + password, cancellationToken: Cancellation));

        Assert.All(answers, answer => Assert.Equal(Errors.InvalidGrant, answer.Error));
        Assert.Equal(4, (await StoredUserAsync(user.Id)).AccessFailedCount);
        Assert.Equal(Errors.InvalidGrant, (await TestAuth.PasswordGrantAsync(Anonymous, email, "wrong-" + password, cancellationToken: Cancellation)).Error);
        var stored = await StoredUserAsync(user.Id);
        Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14), $"not locked: {stored.AccessFailedCount} failures counted");
        Assert.Equal(Errors.InvalidGrant, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).Error);
    }

    [Fact]
    public async Task Ten_wrong_passwords_sent_at_once_lock_the_account()
    {
        var (email, password, user) = await StaffUserAsync();

        await AllAtOnceAsync(10, () => TestAuth.PasswordGrantAsync(Anonymous, email, "wrong-" + password, cancellationToken: Cancellation));

        var stored = await StoredUserAsync(user.Id);
        Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow, $"not locked: {stored.AccessFailedCount} failures counted");
        Assert.Equal(Errors.InvalidGrant, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).Error);
    }

    [Fact]
    public async Task The_same_authenticator_code_sent_five_times_at_once_signs_in_once()
    {
        var (email, password, app) = await EnrolledUserAsync();
        var code = app.NextCode();

        var answers = await AllAtOnceAsync(5, () => TestAuth.PasswordGrantAsync(Anonymous, email, password, code, cancellationToken: Cancellation));

        Assert.Single(answers, answer => answer.Status == 200);
        Assert.All(answers.Where(answer => answer.Status != 200), answer => Assert.Equal(Errors.InvalidGrant, answer.Error));
    }

    [Fact]
    public async Task An_authenticator_code_once_accepted_is_refused_at_the_token_endpoint_the_sign_in_page_and_the_account_endpoints()
    {
        var (email, password, app) = await EnrolledUserAsync();

        var grantCode = app.NextCode();
        var first = await TestAuth.PasswordGrantAsync(Anonymous, email, password, grantCode, cancellationToken: Cancellation);
        Assert.Equal(200, first.Status);
        Assert.Equal(Errors.InvalidGrant, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, grantCode, cancellationToken: Cancellation)).Error);

        var pageCode = app.NextCode();
        using (var browser = SignInBrowser.Create(Fixture.Factory))
        {
            var codePage = await browser.SubmitPasswordAsync(email, password, "/connect/authorize");
            using var signedIn = await browser.SubmitStepAsync(codePage, new Dictionary<string, string> { ["code"] = pageCode });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        using (var replay = SignInBrowser.Create(Fixture.Factory))
        {
            var codePage = await replay.SubmitPasswordAsync(email, password, "/connect/authorize");
            using var refused = await replay.SubmitStepAsync(codePage, new Dictionary<string, string> { ["code"] = pageCode });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Ordo.Api.Infrastructure.Identity.UserSignIn.MfaCodeInvalid),
                await refused.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }

        using var client = Fixture.Factory.WithToken(first.AccessToken);
        var accountCode = app.NextCode();
        await (await client.SendPostAsync("/api/v1/account/mfa/recovery-codes", new { code = accountCode })).JsonAsync(HttpStatusCode.OK);
        await (await client.SendPostAsync("/api/v1/account/mfa/recovery-codes", new { code = accountCode }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        // An earlier step than the last one used is refused too: codes only move forward.
        await (await client.SendPostAsync("/api/v1/account/mfa/recovery-codes", new { code = pageCode }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
    }

    [Fact]
    public async Task A_refresh_token_redeemed_five_times_at_once_succeeds_once_and_the_others_revoke_its_family()
    {
        var (email, password, _) = await StaffUserAsync();
        var issued = await TestAuth.PasswordGrantAsync(Anonymous, email, password, scope: Scopes.OfflineAccess, cancellationToken: Cancellation);

        var answers = await AllAtOnceAsync(5, () => AccountHttp.RefreshAsync(Anonymous, issued.RefreshToken!));

        var winner = Assert.Single(answers, answer => answer.Status == 200);
        Assert.All(answers.Where(answer => answer.Status != 200), answer => Assert.Equal(Errors.InvalidGrant, answer.Error));
        // A duplicate redemption may be a thief's: the winner's new refresh token dies with the family.
        Assert.Equal(Errors.InvalidGrant, (await AccountHttp.RefreshAsync(Anonymous, winner.RefreshToken!)).Error);
    }
}

public sealed class ConcurrentCredentialsOnSqlite(AccountSqliteFixture fixture)
    : ConcurrentCredentialTests(fixture), IClassFixture<AccountSqliteFixture>;

public sealed class ConcurrentCredentialsOnPostgres(AccountPostgresFixture fixture)
    : ConcurrentCredentialTests(fixture), IClassFixture<AccountPostgresFixture>;
