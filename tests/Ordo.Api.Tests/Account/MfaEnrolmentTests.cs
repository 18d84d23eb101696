using System.Net;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Tests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Tests.Account;

/// <summary>
/// Switching two-step verification on or off changes how the account signs in: it takes the password, not just an
/// access token (which may be stolen), and switching it on ends every other session.
/// </summary>
public abstract class MfaEnrolmentTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    private CapturedEmails Emails => ((IMailboxFixture)Fixture).Emails;

    private sealed record Enrolment(string SharedKey, string OtpauthUri);

    private async Task<(string Email, string Password)> StaffUserAsync()
    {
        var email = AccountHttp.NewEmail("mfa");
        var password = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(Fixture.Factory.Services, email, password, [BuiltInRoles.Warehouse]);
        return (email, password);
    }

    private async Task<TestAuth.TokenResponse> SignInAsync(string email, string password, string? otp = null)
    {
        var token = await TestAuth.PasswordGrantAsync(Anonymous, email, password, otp, Scopes.OfflineAccess, Cancellation);
        Assert.True(token.Status == 200, token.Body.ToString());
        return token;
    }

    private static async Task<TestAuthenticator> EnrolAsync(HttpClient client, string password)
    {
        var response = await client.SendPostAsync("/api/v1/account/mfa/authenticator", new { password });
        var enrolment = System.Text.Json.JsonSerializer.Deserialize<Enrolment>(await response.JsonAsync(HttpStatusCode.OK), System.Text.Json.JsonSerializerOptions.Web)!;
        var app = new TestAuthenticator(enrolment.SharedKey);
        await (await client.SendPostAsync("/api/v1/account/mfa/authenticator/verify", new { code = app.NextCode() })).JsonAsync(HttpStatusCode.OK);
        return app;
    }

    [Fact]
    public async Task A_stolen_access_token_alone_cannot_bind_an_authenticator_and_wrong_passwords_count_towards_the_lockout()
    {
        var (email, password) = await StaffUserAsync();
        using var thief = Fixture.Factory.WithToken((await SignInAsync(email, password)).AccessToken);

        var noPassword = await thief.SendPostAsync("/api/v1/account/mfa/authenticator", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noPassword.StatusCode);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await (await thief.SendPostAsync("/api/v1/account/mfa/authenticator", new { password = "guess-" + attempt }))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "current_password_incorrect");
        }

        // Five wrong passwords locked the account: even the right one is refused now.
        await (await thief.SendPostAsync("/api/v1/account/mfa/authenticator", new { password }))
            .AssertProblemAsync(HttpStatusCode.Locked, "account_locked");
    }

    [Fact]
    public async Task Switching_two_step_verification_off_needs_the_password_as_well_as_a_code()
    {
        var (email, password) = await StaffUserAsync();
        var token = await SignInAsync(email, password);
        using var client = Fixture.Factory.WithToken(token.AccessToken);
        var app = await EnrolAsync(client, password);

        using var codeOnly = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/account/mfa") { Content = HttpJson.Body(new { password = "wrong-password", code = app.NextCode() }) };
        await (await client.SendAsync(codeOnly, Cancellation)).AssertProblemAsync(HttpStatusCode.BadRequest, "current_password_incorrect");
        using var both = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/account/mfa") { Content = HttpJson.Body(new { password, code = app.NextCode() }) };
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(both, Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Switching_two_step_verification_on_ends_every_other_session_and_keeps_this_one()
    {
        var (email, password) = await StaffUserAsync();
        var other = await SignInAsync(email, password);
        var current = await SignInAsync(email, password);
        using var client = Fixture.Factory.WithToken(current.AccessToken);
        using var otherClient = Fixture.Factory.WithToken(other.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/api/v1/account", Cancellation)).StatusCode);

        await EnrolAsync(client, password);

        Assert.Equal(HttpStatusCode.Unauthorized, (await otherClient.GetAsync("/api/v1/account", Cancellation)).StatusCode);
        Assert.Equal(Errors.InvalidGrant, (await AccountHttp.RefreshAsync(Anonymous, other.RefreshToken!)).Error);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account", Cancellation)).StatusCode);
        Assert.Equal(200, (await AccountHttp.RefreshAsync(Anonymous, current.RefreshToken!)).Status);
    }

    [Fact]
    public async Task A_password_reset_leaves_two_step_verification_on()
    {
        var (email, password) = await StaffUserAsync();
        using var client = Fixture.Factory.WithToken((await SignInAsync(email, password)).AccessToken);
        var app = await EnrolAsync(client, password);
        await Anonymous.SendPostAsync("/api/v1/account/forgot-password", new { email });
        var reset = await Emails.WaitForAsync(email, AccountEmailKind.PasswordReset);
        var newPassword = TestAuth.NewPassword();

        var response = await Anonymous.SendPostAsync("/api/v1/account/reset-password", new { email, token = CapturedEmails.QueryValue(reset, "token"), newPassword });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var withoutCode = await TestAuth.PasswordGrantAsync(Anonymous, email, newPassword, cancellationToken: Cancellation);
        Assert.StartsWith("mfa_required", withoutCode.ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, email, newPassword, app.NextCode(), cancellationToken: Cancellation)).Status);
    }
}

public sealed class MfaEnrolmentOnSqlite(AccountSqliteFixture fixture) : MfaEnrolmentTests(fixture), IClassFixture<AccountSqliteFixture>;

public sealed class MfaEnrolmentOnPostgres(AccountPostgresFixture fixture) : MfaEnrolmentTests(fixture), IClassFixture<AccountPostgresFixture>;
