using System.Net;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Account;

public sealed class ConfirmedEmailFixture : AccountSqliteFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Auth:RequireConfirmedEmail"] = "true" };
}

public sealed class EnforcedMfaFixture : AccountSqliteFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Auth:EnforceMfa"] = "true" };
}

public sealed class RequiredEmailConfirmationTests(ConfirmedEmailFixture fixture) : IClassFixture<ConfirmedEmailFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_registered_customer_can_sign_in_only_after_confirming_the_mailed_token()
    {
        using var client = fixture.CreateAnonymousClient();
        var email = AccountHttp.NewEmail("confirm");
        var password = TestAuth.NewPassword();
        var registered = await client.SendPostAsync("/api/v1/account/register", new { email, password, name = "Grace Hopper" });
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);

        var before = await TestAuth.PasswordGrantAsync(client, email, password, cancellationToken: Cancellation);
        var wrongPassword = await TestAuth.PasswordGrantAsync(client, email, "wrong-" + password, cancellationToken: Cancellation);
        Assert.Equal("invalid_grant", before.Error);
        Assert.Equal(wrongPassword.Body.ToString(), before.Body.ToString()); // unconfirmed reads like any failure

        var mail = await fixture.Emails.WaitForAsync(email, AccountEmailKind.ConfirmEmail);
        var confirmed = await client.SendPostAsync("/api/v1/account/confirm-email", new
        {
            userId = CapturedEmails.QueryValue(mail, "userId"),
            token = CapturedEmails.QueryValue(mail, "token"),
        });
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);

        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(client, email, password, cancellationToken: Cancellation)).Status);
    }
}

public sealed class MfaEnforcementTests(EnforcedMfaFixture fixture) : IClassFixture<EnforcedMfaFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_support_user_who_may_refund_and_has_no_authenticator_must_enrol_before_the_password_grant_works()
    {
        using var client = fixture.CreateAnonymousClient();
        var email = AccountHttp.NewEmail("support");
        var password = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(fixture.Factory.Services, email, password, [BuiltInRoles.Support]);

        var token = await TestAuth.PasswordGrantAsync(client, email, password, cancellationToken: Cancellation);

        Assert.Equal("invalid_grant", token.Error);
        Assert.StartsWith("mfa_enrolment_required", token.ErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_warehouse_user_needs_no_second_factor()
    {
        using var client = fixture.CreateAnonymousClient();
        var email = AccountHttp.NewEmail("warehouse");
        var password = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(fixture.Factory.Services, email, password, [BuiltInRoles.Warehouse]);

        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(client, email, password, cancellationToken: Cancellation)).Status);
    }

    [Fact]
    public async Task The_sign_in_page_enrols_a_user_who_must_have_two_step_verification_and_then_asks_for_codes()
    {
        var email = AccountHttp.NewEmail("support-page");
        var password = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(fixture.Factory.Services, email, password, [BuiltInRoles.Support]);
        using var browser = SignInBrowser.Create(fixture.Factory);

        var enrolPage = await browser.SubmitPasswordAsync(email, password, returnUrl: null);
        Assert.Contains("Set up two-step verification", enrolPage, StringComparison.Ordinal);
        var key = SignInBrowser.Find(enrolPage, "<code>([A-Z2-7]+)</code>");
        Assert.Contains("otpauth://totp/Ordo:", System.Net.WebUtility.HtmlDecode(enrolPage), StringComparison.Ordinal);

        var app = new TestAuthenticator(key);
        var done = await browser.SubmitStepAsync(enrolPage, new Dictionary<string, string> { ["code"] = app.NextCode() });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var codesPage = await done.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("Two-step verification is on", codesPage, StringComparison.Ordinal);
        Assert.Contains(done.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(Ordo.Api.Features.Identity.Auth.SignInPage.CookieScheme + "=", StringComparison.Ordinal));

        // From now on the password grant wants a code, and the code from the enrolled app works.
        using var client = fixture.CreateAnonymousClient();
        Assert.StartsWith("mfa_required", (await TestAuth.PasswordGrantAsync(client, email, password, cancellationToken: Cancellation)).ErrorDescription, StringComparison.Ordinal);
        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(client, email, password, app.NextCode(), cancellationToken: Cancellation)).Status);
    }
}
