using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Account;

/// <summary>The admin panel's sign-in: authorization code + PKCE (S256) through the server-rendered sign-in page.</summary>
public sealed class AuthorizationCodeFlowTests(AccountSqliteFixture fixture) : IClassFixture<AccountSqliteFixture>
{
    private const string RedirectUri = "http://localhost/callback";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string AuthorizeUrl(string? challenge, string? method, string state = "state-123")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = AuthOptions.AdminClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = "openid offline_access",
            ["state"] = state,
        };
        if (challenge is not null)
        {
            query["code_challenge"] = challenge;
        }

        if (method is not null)
        {
            query["code_challenge_method"] = method;
        }

        return "/connect/authorize" + QueryString.Create(query);
    }

    private async Task<(string Email, string Password)> StaffUserAsync()
    {
        var email = AccountHttp.NewEmail("admin-panel");
        var password = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(fixture.Factory.Services, email, password, [BuiltInRoles.Warehouse]);
        return (email, password);
    }

    private static async Task<TestAuth.TokenResponse> SignInThroughTheBrowserAsync(SignInBrowser browser, string email, string password)
    {
        var (verifier, challenge) = Pkce();
        using var authorize = await browser.Client.GetAsync(AuthorizeUrl(challenge, "S256"), Cancellation);
        var login = SignInBrowser.Location(authorize);
        Assert.StartsWith("/account/login?returnUrl=", login, StringComparison.Ordinal);

        using var loginPageResponse = await browser.Client.GetAsync(login, Cancellation);
        var csp = loginPageResponse.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("text/html", loginPageResponse.Content.Headers.ContentType?.MediaType);
        var loginPage = await loginPageResponse.Content.ReadAsStringAsync(Cancellation);
        Assert.DoesNotContain("<script", loginPage, StringComparison.OrdinalIgnoreCase);

        using var signedIn = await browser.SubmitStepAsync(loginPage, new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        var back = SignInBrowser.Location(signedIn);
        Assert.StartsWith("/connect/authorize?", back, StringComparison.Ordinal);

        using var issued = await browser.Client.GetAsync(back, Cancellation);
        var callback = new Uri(SignInBrowser.Location(issued));
        Assert.Equal(RedirectUri, callback.GetLeftPart(UriPartial.Path));
        var parameters = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("state-123", parameters["state"].ToString());

        return await TestAuth.RequestTokenAsync(browser.Client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = AuthOptions.AdminClientId,
            ["code"] = parameters["code"].ToString(),
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        }, Cancellation);
    }

    [Fact]
    public async Task The_code_from_the_sign_in_page_and_its_verifier_buy_an_access_token_that_works()
    {
        var (email, password) = await StaffUserAsync();
        using var browser = SignInBrowser.Create(fixture.Factory);

        var token = await SignInThroughTheBrowserAsync(browser, email, password);

        Assert.True(token.Status == 200, token.Body.ToString());
        Assert.NotNull(token.RefreshToken);
        using var api = fixture.Factory.WithToken(token.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/products", Cancellation)).StatusCode);

        // While the sign-in cookie lasts, a second authorization request gets a code without the sign-in page.
        using var again = await browser.Client.GetAsync(AuthorizeUrl(Pkce().Challenge, "S256"), Cancellation);
        Assert.StartsWith(RedirectUri + "?", SignInBrowser.Location(again), StringComparison.Ordinal);
    }

    private async Task AssertSignedOutAndRevokedAsync(SignInBrowser browser, TestAuth.TokenResponse token)
    {
        using var api = fixture.Factory.WithToken(token.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/products", Cancellation)).StatusCode);
        Assert.Equal("invalid_grant", (await AccountHttp.RefreshAsync(browser.Client, token.RefreshToken!)).Error);
        using var authorize = await browser.Client.GetAsync(AuthorizeUrl(Pkce().Challenge, "S256"), Cancellation);
        Assert.StartsWith("/account/login?", SignInBrowser.Location(authorize), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_logout_request_without_an_id_token_hint_only_shows_a_confirmation_whose_form_ends_the_session()
    {
        var (email, password) = await StaffUserAsync();
        using var browser = SignInBrowser.Create(fixture.Factory);
        var token = await SignInThroughTheBrowserAsync(browser, email, password);
        using var api = fixture.Factory.WithToken(token.AccessToken);

        // What a cross-site link or image would send along with the sign-in cookie: nothing ends.
        using var linked = await browser.Client.GetAsync("/connect/endsession", Cancellation);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var confirmation = await linked.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains("Sign out", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", confirmation, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/products", Cancellation)).StatusCode);

        // A cross-site form post has no antiforgery token: the confirmation again, nothing ends.
        using var forged = await browser.Client.PostAsync("/connect/endsession", new FormUrlEncodedContent([]), Cancellation);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/products", Cancellation)).StatusCode);

        using var confirmed = await browser.SubmitFormAsync(confirmation, "/connect/endsession", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        await AssertSignedOutAndRevokedAsync(browser, token);
    }

    [Fact]
    public async Task A_logout_request_over_plain_HTTP_asks_for_HTTPS_instead_of_showing_a_form_whose_cookie_would_be_dropped()
    {
        using var plain = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });

        using var linked = await plain.GetAsync("/connect/endsession", Cancellation);
        using var posted = await plain.PostAsync("/connect/endsession", new FormUrlEncodedContent([]), Cancellation);

        foreach (var response in new[] { linked, posted })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("HTTPS", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Fact]
    public async Task A_logout_request_with_the_id_token_hint_ends_the_session_at_once()
    {
        var (email, password) = await StaffUserAsync();
        using var browser = SignInBrowser.Create(fixture.Factory);
        var token = await SignInThroughTheBrowserAsync(browser, email, password);
        var idToken = token.Body.GetProperty("id_token").GetString()!;

        using var ended = await browser.Client.GetAsync("/connect/endsession?id_token_hint=" + Uri.EscapeDataString(idToken), Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        await AssertSignedOutAndRevokedAsync(browser, token);
    }

    [Fact]
    public async Task A_user_with_an_authenticator_gives_a_code_on_the_second_step_and_five_wrong_codes_lock_the_page_too()
    {
        var (email, password) = await StaffUserAsync();
        using var anonymous = fixture.CreateAnonymousClient();
        using var api = fixture.Factory.WithToken((await TestAuth.PasswordGrantAsync(anonymous, email, password, cancellationToken: Cancellation)).AccessToken);
        var key = (await (await api.SendPostAsync("/api/v1/account/mfa/authenticator", new { password })).JsonAsync(HttpStatusCode.OK))
            .GetProperty("sharedKey").GetString()!;
        var app = new TestAuthenticator(key);
        await (await api.SendPostAsync("/api/v1/account/mfa/authenticator/verify", new { code = app.NextCode() })).JsonAsync(HttpStatusCode.OK);

        using var browser = SignInBrowser.Create(fixture.Factory);
        var codePage = await browser.SubmitPasswordAsync(email, password, "/connect/authorize");
        Assert.Contains("Two-step verification", codePage, StringComparison.Ordinal);
        using (var signedIn = await browser.SubmitStepAsync(codePage, new Dictionary<string, string> { ["code"] = app.NextCode() }))
        {
            Assert.Equal("/connect/authorize", SignInBrowser.Location(signedIn));
        }

        // A second browser: five wrong codes lock the account, and then the right code is refused as well.
        using var attacker = SignInBrowser.Create(fixture.Factory);
        var page = await attacker.SubmitPasswordAsync(email, password, "/connect/authorize");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await attacker.SubmitStepAsync(page, new Dictionary<string, string> { ["code"] = "12345" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            page = await wrong.Content.ReadAsStringAsync(Cancellation);
        }

        using var locked = await attacker.SubmitStepAsync(page, new Dictionary<string, string> { ["code"] = app.NextCode() });
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Ordo.Api.Infrastructure.Identity.UserSignIn.MfaCodeInvalid),
            await locked.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData(null)]
    public async Task An_authorization_request_without_an_S256_code_challenge_is_refused(string? method)
    {
        using var browser = SignInBrowser.Create(fixture.Factory);
        var (verifier, challenge) = Pkce();

        using var response = await browser.Client.GetAsync(AuthorizeUrl(method == "plain" ? verifier : null, method), Cancellation);

        // Either an error page or an error sent back to the client; never the sign-in page, never a code.
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var location = response.Headers.Location!.ToString();
            Assert.DoesNotContain("/account/login", location, StringComparison.Ordinal);
            Assert.Contains("error=invalid_request", location, StringComparison.Ordinal);
            Assert.DoesNotContain("code=", location.Replace("error", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        _ = challenge;
    }

    [Fact]
    public async Task A_wrong_password_shows_the_generic_error_and_sets_no_sign_in_cookie()
    {
        var (email, password) = await StaffUserAsync();
        using var browser = SignInBrowser.Create(fixture.Factory);

        using var response = await browser.SignInAsync(email, "wrong-" + password, "/connect/authorize");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(Ordo.Api.Infrastructure.Identity.UserSignIn.InvalidCredentials), page, StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith(Ordo.Api.Features.Identity.Auth.SignInPage.CookieScheme + "=", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task The_sign_in_page_never_redirects_off_the_server(string returnUrl)
    {
        var (email, password) = await StaffUserAsync();
        using var browser = SignInBrowser.Create(fixture.Factory);

        using var response = await browser.SignInAsync(email, password, returnUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are signed in", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        var (email, password) = await StaffUserAsync();
        using var browser = SignInBrowser.Create(fixture.Factory);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["step"] = "password", ["email"] = email, ["password"] = password });

        using var response = await browser.Client.PostAsync("/account/login", content, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith(Ordo.Api.Features.Identity.Auth.SignInPage.CookieScheme + "=", StringComparison.Ordinal)));
    }
}
