using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Identity.Account;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Tests.Account;

public abstract class AccountApiTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private CapturedEmails Emails => ((IMailboxFixture)Fixture).Emails;

    private HttpClient? _anonymous;

    private HttpClient Anonymous => _anonymous ??= Fixture.CreateAnonymousClient();

    private async Task<(string Email, string Password, OrdoUser User)> StaffUserAsync(string role = BuiltInRoles.Warehouse)
    {
        var email = AccountHttp.NewEmail("staff");
        var password = TestAuth.NewPassword();
        var user = await TestAuth.CreateUserAsync(Fixture.Factory.Services, email, password, [role]);
        return (email, password, user);
    }

    private async Task<TestAuth.TokenResponse> SignInAsync(string email, string password, string? otp = null)
    {
        var token = await TestAuth.PasswordGrantAsync(Anonymous, email, password, otp, "offline_access", Cancellation);
        Assert.True(token.Status == 200, $"sign-in failed: {token.Body}");
        return token;
    }

    private async Task AssertRevokedAsync(TestAuth.TokenResponse before)
    {
        using var old = Fixture.Factory.WithToken(before.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/api/v1/account", Cancellation)).StatusCode);
        var refreshed = await AccountHttp.RefreshAsync(Anonymous, before.RefreshToken!);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Fact]
    public async Task Registering_answers_202_with_the_same_body_for_a_new_and_an_existing_email_and_tells_the_owner_instead()
    {
        var email = AccountHttp.NewEmail("shopper");
        var password = TestAuth.NewPassword();

        var first = await Anonymous.SendPostAsync("/api/v1/account/register", new { email, password, name = "Ada Lovelace" });
        var second = await Anonymous.SendPostAsync("/api/v1/account/register", new { email = email.ToUpperInvariant(), password = TestAuth.NewPassword(), name = "Mallory" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancellation), await second.Content.ReadAsStringAsync(Cancellation));
        Assert.Null(first.Headers.Location);
        await Emails.WaitForAsync(email, AccountEmailKind.RegistrationAttempt);
        Assert.Single(Emails.To(email, AccountEmailKind.ConfirmEmail));

        // The confirmation link's token confirms the address; the account is a customer linked to a new customer record.
        var confirmation = await Emails.WaitForAsync(email, AccountEmailKind.ConfirmEmail);
        var confirmed = await Anonymous.SendPostAsync("/api/v1/account/confirm-email", new
        {
            userId = CapturedEmails.QueryValue(confirmation, "userId"),
            token = CapturedEmails.QueryValue(confirmation, "token"),
        });
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);

        using var client = Fixture.Factory.WithToken((await SignInAsync(email, password)).AccessToken);
        var account = await (await client.GetAsync("/api/v1/account", Cancellation)).ReadAsync<AccountResponse>(HttpStatusCode.OK);
        Assert.Equal(email, account.Email);
        Assert.True(account.EmailConfirmed);
        Assert.False(account.MfaEnabled);
        Assert.Equal(["customer"], account.Roles);
        var customerId = account.CustomerId;
        var customer = await (await Client.GetAsync($"/api/v1/customers/{customerId}", Cancellation)).ReadAsync<CustomerResponse>(HttpStatusCode.OK);
        Assert.Equal("Ada Lovelace", customer.Name);
    }

    [Fact]
    public async Task A_confirmation_token_that_was_tampered_with_is_refused()
    {
        var email = AccountHttp.NewEmail("tamper");
        await Anonymous.SendPostAsync("/api/v1/account/register", new { email, password = TestAuth.NewPassword(), name = "Eve" });
        var confirmation = await Emails.WaitForAsync(email, AccountEmailKind.ConfirmEmail);

        var response = await Anonymous.SendPostAsync("/api/v1/account/confirm-email", new
        {
            userId = CapturedEmails.QueryValue(confirmation, "userId"),
            token = CapturedEmails.QueryValue(confirmation, "token") + "x",
        });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
    }

    [Theory]
    [InlineData("short-pw", "password_too_short")]
    [InlineData("password123456", "password_too_common")]
    [InlineData("abababababababab", "password_requires_unique_chars")]
    public async Task Weak_passwords_are_refused_with_the_reason_as_the_problem_code(string password, string code)
    {
        var email = AccountHttp.NewEmail("weak");

        var response = await Anonymous.SendPostAsync("/api/v1/account/register", new { email, password, name = "Weak Password" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.Contains(code, problem.Extension<string[]>("reasons"));
        Assert.True(problem.HasError("$.password"));
        Assert.Empty(Emails.To(email, AccountEmailKind.ConfirmEmail));
    }

    [Fact]
    public async Task A_locked_account_accepts_no_password_through_change_password_even_with_a_valid_token()
    {
        var (email, password, _) = await StaffUserAsync();
        using var client = Fixture.Factory.WithToken((await SignInAsync(email, password)).AccessToken);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await (await client.SendPostAsync("/api/v1/account/change-password", new { currentPassword = "wrong-" + password, newPassword = TestAuth.NewPassword() }))
                .AssertProblemAsync(HttpStatusCode.BadRequest, "current_password_incorrect");
        }

        // Now the right current password is refused too: a stolen token can't be used to guess past the lockout.
        await (await client.SendPostAsync("/api/v1/account/change-password", new { currentPassword = password, newPassword = TestAuth.NewPassword() }))
            .AssertProblemAsync(HttpStatusCode.Locked, "account_locked");
        Assert.Equal("invalid_grant", (await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).Error);
    }

    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_fails_the_same_way_until_the_lockout_ends()
    {
        var (email, password, user) = await StaffUserAsync();
        TestAuth.TokenResponse? wrong = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            wrong = await TestAuth.PasswordGrantAsync(Anonymous, email, "wrong-" + password, cancellationToken: Cancellation);
            Assert.Equal("invalid_grant", wrong.Error);
        }

        var locked = await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation);

        Assert.Equal(wrong!.Status, locked.Status);
        Assert.Equal(wrong.Body.ToString(), locked.Body.ToString());

        // The lockout ends (15 minutes later): the right password works again.
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<OrdoUser>>();
            var stored = await users.FindByIdAsync(user.Id.ToString());
            Assert.True(await users.IsLockedOutAsync(stored!));
            await users.SetLockoutEndDateAsync(stored!, DateTimeOffset.UtcNow.AddSeconds(-1));
        }

        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).Status);
    }

    [Fact]
    public async Task Enrolling_an_authenticator_makes_the_password_grant_ask_for_a_code_and_recovery_codes_work_once()
    {
        var (email, password, _) = await StaffUserAsync();
        using var client = Fixture.Factory.WithToken((await SignInAsync(email, password)).AccessToken);

        var enrolment = await (await client.SendPostAsync("/api/v1/account/mfa/authenticator", new { password })).ReadAsync<AuthenticatorEnrolmentResponse>(HttpStatusCode.OK);
        var key = enrolment.SharedKey;
        var uri = enrolment.OtpauthUri;
        Assert.StartsWith("otpauth://totp/Ordo:", uri, StringComparison.Ordinal);
        Assert.Contains("issuer=Ordo", uri, StringComparison.Ordinal);
        Assert.Contains("secret=" + key, uri, StringComparison.Ordinal);

        var app = new TestAuthenticator(key);
        var wrongCode = await client.SendPostAsync("/api/v1/account/mfa/authenticator/verify", new { code = WrongCode(key) });
        await wrongCode.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        var verified = await (await client.SendPostAsync("/api/v1/account/mfa/authenticator/verify", new { code = app.NextCode() })).ReadAsync<RecoveryCodesResponse>(HttpStatusCode.OK);
        var recoveryCodes = verified.RecoveryCodes.ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal(10, recoveryCodes.Distinct().Count());

        var missing = await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation);
        Assert.Equal("invalid_grant", missing.Error);
        Assert.StartsWith("mfa_required", missing.ErrorDescription, StringComparison.Ordinal);

        var wrong = await TestAuth.PasswordGrantAsync(Anonymous, email, password, WrongCode(key), cancellationToken: Cancellation);
        Assert.Equal("invalid_grant", wrong.Error);
        Assert.DoesNotContain("mfa_required", wrong.ErrorDescription, StringComparison.Ordinal);

        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, app.NextCode(), cancellationToken: Cancellation)).Status);
        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, recoveryCodes[0], cancellationToken: Cancellation)).Status);
        var reused = await TestAuth.PasswordGrantAsync(Anonymous, email, password, recoveryCodes[0], cancellationToken: Cancellation);
        Assert.Equal("invalid_grant", reused.Error);

        var account = await (await client.GetAsync("/api/v1/account", Cancellation)).ReadAsync<AccountResponse>(HttpStatusCode.OK);
        Assert.True(account.MfaEnabled);

        // New recovery codes replace the old ones; switching MFA off needs the password and a code, then the password alone works.
        var regenerated = await (await client.SendPostAsync("/api/v1/account/mfa/recovery-codes", new { code = app.NextCode() })).ReadAsync<RecoveryCodesResponse>(HttpStatusCode.OK);
        Assert.Equal(10, regenerated.RecoveryCodes.Count);
        Assert.Equal("invalid_grant", (await TestAuth.PasswordGrantAsync(Anonymous, email, password, recoveryCodes[1], cancellationToken: Cancellation)).Error);
        using var disable = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/account/mfa") { Content = HttpJson.Body(new { password, code = app.NextCode() }) };
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(disable, Cancellation)).StatusCode);
        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).Status);
    }

    [Fact]
    public async Task Changing_the_password_ends_every_session()
    {
        var (email, password, _) = await StaffUserAsync();
        var before = await SignInAsync(email, password);
        using var client = Fixture.Factory.WithToken(before.AccessToken);
        var newPassword = TestAuth.NewPassword();

        var wrongCurrent = await client.SendPostAsync("/api/v1/account/change-password", new { currentPassword = "not-" + password, newPassword });
        await wrongCurrent.AssertProblemAsync(HttpStatusCode.BadRequest, "current_password_incorrect");
        var weak = await client.SendPostAsync("/api/v1/account/change-password", new { currentPassword = password, newPassword = "password1234" });
        await weak.AssertProblemAsync(HttpStatusCode.BadRequest, "password_too_common");
        var changed = await client.SendPostAsync("/api/v1/account/change-password", new { currentPassword = password, newPassword });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await AssertRevokedAsync(before);
        Assert.Equal("invalid_grant", (await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).Error);
        await SignInAsync(email, newPassword);
    }

    [Fact]
    public async Task Logout_ends_every_session_of_the_account()
    {
        var (email, password, _) = await StaffUserAsync();
        var first = await SignInAsync(email, password);
        var second = await SignInAsync(email, password);
        using var client = Fixture.Factory.WithToken(first.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/account/logout", null, Cancellation)).StatusCode);

        await AssertRevokedAsync(first);
        await AssertRevokedAsync(second);
        await SignInAsync(email, password);
    }

    [Fact]
    public async Task Resetting_the_password_with_the_mailed_token_ends_every_session_and_the_token_works_once()
    {
        var (email, password, _) = await StaffUserAsync();
        var before = await SignInAsync(email, password);

        var asked = await Anonymous.SendPostAsync("/api/v1/account/forgot-password", new { email });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var token = CapturedEmails.QueryValue(await Emails.WaitForAsync(email, AccountEmailKind.PasswordReset), "token");
        var newPassword = TestAuth.NewPassword();

        var tooWeak = await Anonymous.SendPostAsync("/api/v1/account/reset-password", new { email, token, newPassword = "short" });
        await tooWeak.AssertProblemAsync(HttpStatusCode.BadRequest, "password_too_short");
        var reset = await Anonymous.SendPostAsync("/api/v1/account/reset-password", new { email, token, newPassword });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        await AssertRevokedAsync(before);
        await SignInAsync(email, newPassword);
        var again = await Anonymous.SendPostAsync("/api/v1/account/reset-password", new { email, token, newPassword = TestAuth.NewPassword() });
        await again.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
        var unknown = await Anonymous.SendPostAsync("/api/v1/account/reset-password", new { email = AccountHttp.NewEmail("nobody"), token, newPassword });
        await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
    }

    [Fact]
    public async Task Unknown_and_known_emails_get_the_same_answers_at_the_token_endpoint_and_forgot_password()
    {
        var (email, password, _) = await StaffUserAsync();
        var unknownEmail = AccountHttp.NewEmail("unknown");

        var known = await TestAuth.PasswordGrantAsync(Anonymous, email, "wrong-" + password, cancellationToken: Cancellation);
        var unknown = await TestAuth.PasswordGrantAsync(Anonymous, unknownEmail, "wrong-" + password, cancellationToken: Cancellation);
        Assert.Equal(known.Status, unknown.Status);
        Assert.Equal(known.Body.ToString(), unknown.Body.ToString());

        var knownForgot = await Anonymous.SendPostAsync("/api/v1/account/forgot-password", new { email });
        var unknownForgot = await Anonymous.SendPostAsync("/api/v1/account/forgot-password", new { email = unknownEmail });
        Assert.Equal(HttpStatusCode.Accepted, knownForgot.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknownForgot.StatusCode);
        Assert.Equal(await knownForgot.Content.ReadAsStringAsync(Cancellation), await unknownForgot.Content.ReadAsStringAsync(Cancellation));
        await Emails.WaitForAsync(email, AccountEmailKind.PasswordReset);
        Assert.Empty(Emails.To(unknownEmail, AccountEmailKind.PasswordReset));
    }

    [Fact]
    public async Task An_empty_password_never_signs_in_and_never_answers_500_on_any_path_that_takes_a_password()
    {
        var (email, password, _) = await StaffUserAsync();
        using var client = Fixture.Factory.WithToken((await SignInAsync(email, password)).AccessToken);

        await (await client.SendPostAsync("/api/v1/account/change-password", new { currentPassword = "", newPassword = "x" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "current_password_incorrect");
        await (await client.SendPostAsync("/api/v1/account/change-password", new { currentPassword = password, newPassword = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "password_too_short");
        var grant = await TestAuth.PasswordGrantAsync(Anonymous, email, "", cancellationToken: Cancellation);
        Assert.Equal(400, grant.Status);
        Assert.Null(grant.Body.TryGetProperty("access_token", out var token) ? token.GetString() : null);
        await (await Anonymous.SendPostAsync("/api/v1/account/register", new { email = AccountHttp.NewEmail("empty"), password = "", name = "Empty Password" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "password_too_short");
        await (await Client.SendPostAsync("/api/v1/users", new { email = AccountHttp.NewEmail("empty"), password = "", roles = Array.Empty<string>() }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(HttpStatusCode.Accepted, (await Anonymous.SendPostAsync("/api/v1/account/forgot-password", new { email })).StatusCode);
        var resetToken = CapturedEmails.QueryValue(await Emails.WaitForAsync(email, AccountEmailKind.PasswordReset), "token");
        await (await Anonymous.SendPostAsync("/api/v1/account/reset-password", new { email, token = resetToken, newPassword = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "password_too_short");

        using var browser = SignInBrowser.Create(Fixture.Factory);
        using var page = await browser.SignInAsync(email, "", "/connect/authorize");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(
            System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Ordo.Api.Infrastructure.Identity.UserSignIn.InvalidCredentials),
            await page.Content.ReadAsStringAsync(Cancellation),
            StringComparison.Ordinal);
        Assert.False(page.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith(Ordo.Api.Features.Identity.Auth.SignInPage.CookieScheme + "=", StringComparison.Ordinal)));

        // None of it counted against the right password.
        await SignInAsync(email, password);
    }

    [Fact]
    public async Task The_account_endpoints_need_a_signed_in_user()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.GetAsync("/api/v1/account", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.PostAsync("/api/v1/account/logout", null, Cancellation)).StatusCode);
    }

    /// <summary>A code that is not the current one (nor one of its neighbours, which Identity also accepts).</summary>
    private static string WrongCode(string key)
    {
        var now = DateTimeOffset.UtcNow;
        var valid = Enumerable.Range(-3, 7).Select(step => Totp.Code(key, now.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 100).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(code => !valid.Contains(code));
    }
}

public sealed class AccountApiOnSqlite(AccountSqliteFixture fixture) : AccountApiTests(fixture), IClassFixture<AccountSqliteFixture>;

public sealed class AccountApiOnPostgres(AccountPostgresFixture fixture) : AccountApiTests(fixture), IClassFixture<AccountPostgresFixture>;
