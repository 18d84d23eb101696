using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Tests.Account;

/// <summary>
/// The hosted account pages (issue 14): the sign-in page links to registration and forgotten password, and every link
/// Ordo mails opens a working page, anonymously, whose form does what the mail promises.
/// </summary>
public abstract class AccountPagesTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    private CapturedEmails Emails => ((IMailboxFixture)Fixture).Emails;

    private sealed record CustomerRecord(Guid Id, string Email);

    private static async Task<string> ReadPageAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {body}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        return body;
    }

    private async Task<OrdoUser> UserAsync(string email)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<OrdoUser>>().FindByEmailAsync(email))!;
    }

    /// <summary>Registers through the hosted page and returns the confirmation email.</summary>
    private async Task<AccountEmail> RegisterOnThePageAsync(SignInBrowser browser, string email, string password)
    {
        var page = await browser.GetPageAsync("/account/register");
        using var registered = await browser.SubmitFormAsync(page, "/account/register", new Dictionary<string, string>
        {
            ["name"] = "Grace Hopper",
            ["email"] = email,
            ["password"] = password,
        });
        Assert.Contains("Check your email", await ReadPageAsync(registered), StringComparison.Ordinal);
        return await Emails.WaitForAsync(email, AccountEmailKind.ConfirmEmail);
    }

    [Fact]
    public async Task The_pages_link_their_stylesheet_by_its_content_version_which_is_cached_for_good_while_other_addresses_revalidate()
    {
        using var browser = SignInBrowser.Create(Fixture.Factory);
        var page = await browser.GetPageAsync("/account/forgot-password");
        var href = Regex.Match(page, "<link rel=\"stylesheet\" href=\"(/account/pages\\.css\\?v=([0-9a-f]{16}))\">");
        Assert.True(href.Success, page);

        using var versioned = await Anonymous.GetAsync(new Uri(href.Groups[1].Value, UriKind.Relative), Cancellation);
        var css = await versioned.Content.ReadAsByteArrayAsync(Cancellation);
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal("text/css", versioned.Content.Headers.ContentType?.MediaType);
        Assert.Equal(href.Groups[2].Value, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(css))[..16]);
        Assert.Equal("public, max-age=31536000, immutable", versioned.Headers.CacheControl?.ToString());

        // A page of an earlier release asks for its own version (or none): the current sheet, revalidated every time.
        using var stale = await Anonymous.GetAsync(new Uri("/account/pages.css?v=0123456789abcdef", UriKind.Relative), Cancellation);
        Assert.True(stale.Headers.CacheControl?.NoCache);
        Assert.Equal(css, await stale.Content.ReadAsByteArrayAsync(Cancellation));
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, "/account/pages.css");
        revalidation.Headers.IfNoneMatch.Add(stale.Headers.ETag!);
        using var unchanged = await Anonymous.SendAsync(revalidation, Cancellation);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
    }

    [Fact]
    public async Task Every_link_an_account_email_carries_opens_a_page_when_followed_anonymously()
    {
        using var browser = SignInBrowser.Create(Fixture.Factory);
        var email = AccountHttp.NewEmail("links");
        var password = TestAuth.NewPassword();
        var confirmation = await RegisterOnThePageAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.Accepted, (await Anonymous.SendPostAsync("/api/v1/account/register", new { email, password, name = "Again" })).StatusCode);
        var attempt = await Emails.WaitForAsync(email, AccountEmailKind.RegistrationAttempt);
        Assert.Equal(HttpStatusCode.Accepted, (await Anonymous.SendPostAsync("/api/v1/account/forgot-password", new { email })).StatusCode);
        var reset = await Emails.WaitForAsync(email, AccountEmailKind.PasswordReset);

        var customerEmail = AccountHttp.NewEmail("customer");
        var customer = JsonSerializer.Deserialize<CustomerRecord>(
            await (await Client.SendPostAsync("/api/v1/customers", new { name = "Ada Lovelace", email = customerEmail })).JsonAsync(HttpStatusCode.Created),
            JsonSerializerOptions.Web)!;
        var customerPassword = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(Fixture.Factory.Services, customerEmail, customerPassword, [BuiltInRoles.Customer], customer.Id);
        using var customerClient = Fixture.Factory.CreateClientFor(customerEmail, customerPassword);
        var url = $"/api/v1/customers/{customer.Id}";
        var newAddress = AccountHttp.NewEmail("moved");
        Assert.Equal(HttpStatusCode.OK, (await customerClient.PatchAsync(url, JsonSerializer.Serialize(new { email = newAddress }), (await customerClient.GetAsync(url, Cancellation)).ETag())).StatusCode);
        var change = await Emails.WaitForAsync(newAddress, AccountEmailKind.ConfirmEmailChange);

        var kinds = Enum.GetValues<AccountEmailKind>();
        var mails = new[] { confirmation, attempt, reset, change };
        Assert.Equal(kinds.Order(), mails.Select(mail => mail.Kind).Order()); // one of every kind: a new kind must join this test
        foreach (var mail in mails)
        {
            using var stranger = Fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = OrdoApiFactory.BaseAddress, AllowAutoRedirect = false });
            using var opened = await stranger.GetAsync(mail.Link!.PathAndQuery, Cancellation);
            var page = await ReadPageAsync(opened);
            Assert.Contains("<form method=\"post\"", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_sign_in_page_links_to_registration_and_forgotten_password_pages_that_keep_the_return_url()
    {
        using var browser = SignInBrowser.Create(Fixture.Factory);
        var returnUrl = "/connect/authorize?client_id=ordo-admin";
        var login = await browser.GetPageAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));

        var links = Regex.Matches(login, "<a href=\"([^\"]+)\">").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        var register = Assert.Single(links, link => link.StartsWith("/account/register?", StringComparison.Ordinal));
        var forgot = Assert.Single(links, link => link.StartsWith("/account/forgot-password?", StringComparison.Ordinal));
        foreach (var link in new[] { register, forgot })
        {
            var page = await browser.GetPageAsync(link);
            Assert.Equal(returnUrl, SignInBrowser.Find(page, "name=\"returnUrl\" value=\"([^\"]*)\""));
        }

        // A return URL off the server is dropped, not carried along.
        var offSite = await browser.GetPageAsync("/account/register?returnUrl=" + Uri.EscapeDataString("https://evil.example/"));
        Assert.DoesNotContain("evil.example", offSite, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_on_the_hosted_page_mails_a_link_whose_page_confirms_the_address_only_when_its_button_is_pressed()
    {
        using var browser = SignInBrowser.Create(Fixture.Factory);
        var email = AccountHttp.NewEmail("registered");
        var confirmation = await RegisterOnThePageAsync(browser, email, TestAuth.NewPassword());
        Assert.False((await UserAsync(email)).EmailConfirmed);

        var page = await browser.GetPageAsync(confirmation.Link!.PathAndQuery);
        Assert.False((await UserAsync(email)).EmailConfirmed); // opening the link changes nothing
        using var confirmed = await browser.SubmitFormAsync(page, "/account/confirm-email", new Dictionary<string, string>());

        Assert.Contains("Email address confirmed", await ReadPageAsync(confirmed), StringComparison.Ordinal);
        Assert.True((await UserAsync(email)).EmailConfirmed);

        using var forged = await browser.SubmitFormAsync(page, "/account/confirm-email", new Dictionary<string, string> { ["token"] = "forged" });
        Assert.Contains("invalid or has expired", await ReadPageAsync(forged, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_registration_shows_the_reason_on_the_form()
    {
        using var browser = SignInBrowser.Create(Fixture.Factory);
        var page = await browser.GetPageAsync("/account/register");

        using var weak = await browser.SubmitFormAsync(page, "/account/register", new Dictionary<string, string>
        {
            ["name"] = "Weak",
            ["email"] = AccountHttp.NewEmail("weak"),
            ["password"] = "short",
        });

        var body = await ReadPageAsync(weak, HttpStatusCode.BadRequest);
        Assert.Contains("role=\"alert\"", body, StringComparison.Ordinal);
        Assert.Contains("name=\"email\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_forgotten_password_page_mails_a_link_whose_page_sets_the_new_password()
    {
        var email = AccountHttp.NewEmail("forgetful");
        var oldPassword = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(Fixture.Factory.Services, email, oldPassword, [BuiltInRoles.Warehouse]);
        using var browser = SignInBrowser.Create(Fixture.Factory);

        using var asked = await browser.SubmitFormAsync(await browser.GetPageAsync("/account/forgot-password"), "/account/forgot-password",
            new Dictionary<string, string> { ["email"] = email });
        Assert.Contains("Check your email", await ReadPageAsync(asked), StringComparison.Ordinal);
        var reset = await Emails.WaitForAsync(email, AccountEmailKind.PasswordReset);
        var page = await browser.GetPageAsync(reset.Link!.PathAndQuery);

        using var weak = await browser.SubmitFormAsync(page, "/account/reset-password", new Dictionary<string, string> { ["email"] = email, ["newPassword"] = "short" });
        Assert.Contains("role=\"alert\"", await ReadPageAsync(weak, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, email, oldPassword, cancellationToken: Cancellation)).Status);

        var newPassword = TestAuth.NewPassword();
        using var changed = await browser.SubmitFormAsync(page, "/account/reset-password", new Dictionary<string, string> { ["email"] = email, ["newPassword"] = newPassword });
        Assert.Contains("Password changed", await ReadPageAsync(changed), StringComparison.Ordinal);
        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, email, newPassword, cancellationToken: Cancellation)).Status);
        Assert.Equal("invalid_grant", (await TestAuth.PasswordGrantAsync(Anonymous, email, oldPassword, cancellationToken: Cancellation)).Error);

        // The link is spent.
        using var again = await browser.SubmitFormAsync(page, "/account/reset-password", new Dictionary<string, string> { ["email"] = email, ["newPassword"] = TestAuth.NewPassword() });
        Assert.Contains("invalid or has expired", await ReadPageAsync(again, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/account/register", "email")]
    [InlineData("/account/forgot-password", "email")]
    [InlineData("/account/reset-password", "email")]
    [InlineData("/account/confirm-email", "token")]
    public async Task A_page_form_posted_without_its_antiforgery_token_is_refused(string path, string field)
    {
        using var browser = SignInBrowser.Create(Fixture.Factory);
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { [field] = AccountHttp.NewEmail("csrf"), ["password"] = TestAuth.NewPassword() });

        using var response = await browser.Client.PostAsync(path, content, Cancellation);

        Assert.Contains("The form expired", await ReadPageAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/account/register")]
    [InlineData("/account/forgot-password")]
    [InlineData("/account/reset-password?token=x")]
    [InlineData("/account/confirm-email?userId=00000000-0000-0000-0000-000000000001&token=x")]
    public async Task Over_plain_HTTP_a_page_asks_for_HTTPS_and_sets_no_cookie(string url)
    {
        using var plain = Fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });

        using var response = await plain.GetAsync(url, Cancellation);

        Assert.Contains("HTTPS", await ReadPageAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}

public sealed class AccountPagesOnSqlite(AccountSqliteFixture fixture) : AccountPagesTests(fixture), IClassFixture<AccountSqliteFixture>;

public sealed class AccountPagesOnPostgres(AccountPostgresFixture fixture) : AccountPagesTests(fixture), IClassFixture<AccountPostgresFixture>;
