using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Account;

/// <summary>
/// A customer account's address is changed by a link to the new address, and nothing tells whether an address is in
/// use; an address typed into a customer record by staff blocks nobody from registering.
/// </summary>
public abstract class EmailChangeTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private const string ConfirmEmailChangePath = "/account/confirm-email-change";

    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    private CapturedEmails Emails => ((IMailboxFixture)Fixture).Emails;

    private sealed record CustomerRecord(Guid Id, string Email);

    private sealed record Account(string Email, Guid? CustomerId);

    private async Task<CustomerRecord> CreateCustomerRecordAsync(string email)
    {
        var response = await Client.SendPostAsync("/api/v1/customers", new { name = "Ada Lovelace", email });
        return JsonSerializer.Deserialize<CustomerRecord>(await response.JsonAsync(HttpStatusCode.Created), JsonSerializerOptions.Web)!;
    }

    /// <summary>A customer record with an account that signs in with the same address.</summary>
    private async Task<(CustomerRecord Customer, string Password, Guid UserId)> CustomerAccountAsync()
    {
        var email = AccountHttp.NewEmail("customer");
        var customer = await CreateCustomerRecordAsync(email);
        var password = TestAuth.NewPassword();
        var user = await TestAuth.CreateUserAsync(Fixture.Factory.Services, email, password, [BuiltInRoles.Customer], customer.Id);
        return (customer, password, user.Id);
    }

    private static async Task<HttpResponseMessage> ChangeEmailAsync(HttpClient client, Guid customerId, string email)
    {
        var url = $"/api/v1/customers/{customerId}";
        var etag = (await client.GetAsync(url, Cancellation)).ETag();
        return await client.PatchAsync(url, JsonSerializer.Serialize(new { email }), etag);
    }

    /// <summary>The answer less the moment it was given.</summary>
    private static async Task<string> WithoutTimestampAsync(HttpResponseMessage response)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse((await response.JsonAsync(HttpStatusCode.OK)).GetRawText())!.AsObject();
        body.Remove("updatedAt");
        return body.ToJsonString();
    }

    private static object LinkBody(AccountEmail email) => new
    {
        userId = CapturedEmails.QueryValue(email, "userId"),
        email = CapturedEmails.QueryValue(email, "email"),
        token = CapturedEmails.QueryValue(email, "token"),
    };

    [Fact]
    public async Task A_customer_changing_their_email_gets_the_same_answer_whether_or_not_the_address_is_taken_and_the_link_decides()
    {
        var (customer, password, _) = await CustomerAccountAsync();
        var (other, _, _) = await CustomerAccountAsync();
        using var client = Fixture.Factory.CreateClientFor(customer.Email, password);
        var free = AccountHttp.NewEmail("new-address");

        var toTaken = await ChangeEmailAsync(client, customer.Id, other.Email);
        var toFree = await ChangeEmailAsync(client, customer.Id, free);

        Assert.Equal(await WithoutTimestampAsync(toTaken), await WithoutTimestampAsync(toFree));
        var unchanged = JsonSerializer.Deserialize<CustomerRecord>(await toFree.JsonAsync(HttpStatusCode.OK), JsonSerializerOptions.Web)!;
        Assert.Equal(customer.Email, unchanged.Email);

        // The holder of the taken address learns it is taken (they hold it); the other link makes the change.
        var takenLink = await Emails.WaitForAsync(other.Email, AccountEmailKind.ConfirmEmailChange);
        await (await Anonymous.SendPostAsync("/api/v1/account/confirm-email-change", LinkBody(takenLink)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");
        var freeLink = await Emails.WaitForAsync(free, AccountEmailKind.ConfirmEmailChange);
        Assert.Equal(HttpStatusCode.NoContent, (await Anonymous.SendPostAsync("/api/v1/account/confirm-email-change", LinkBody(freeLink))).StatusCode);

        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, free, password, cancellationToken: Cancellation)).Status);
        Assert.Equal("invalid_grant", (await TestAuth.PasswordGrantAsync(Anonymous, customer.Email, password, cancellationToken: Cancellation)).Error);
        using var renamed = Fixture.Factory.CreateClientFor(free, password);
        var account = JsonSerializer.Deserialize<Account>(await (await renamed.GetAsync("/api/v1/account", Cancellation)).JsonAsync(HttpStatusCode.OK), JsonSerializerOptions.Web)!;
        Assert.Equal(free, account.Email);
        var record = JsonSerializer.Deserialize<CustomerRecord>(
            await (await Client.GetAsync($"/api/v1/customers/{customer.Id}", Cancellation)).JsonAsync(HttpStatusCode.OK), JsonSerializerOptions.Web)!;
        Assert.Equal(free, record.Email);

        // A link works once: the change rotated the security stamp it is bound to.
        await (await Anonymous.SendPostAsync("/api/v1/account/confirm-email-change", LinkBody(freeLink)))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_token");
    }

    [Fact]
    public async Task The_mailed_link_opens_a_page_whose_button_confirms_the_change()
    {
        var (customer, password, _) = await CustomerAccountAsync();
        using var client = Fixture.Factory.CreateClientFor(customer.Email, password);
        var free = AccountHttp.NewEmail("page-address");
        await ChangeEmailAsync(client, customer.Id, free);
        var link = await Emails.WaitForAsync(free, AccountEmailKind.ConfirmEmailChange);
        using var browser = SignInBrowser.Create(Fixture.Factory);

        var page = await browser.GetPageAsync(link.Link!.PathAndQuery);
        Assert.Equal(customer.Email, JsonSerializer.Deserialize<CustomerRecord>(
            await (await Client.GetAsync($"/api/v1/customers/{customer.Id}", Cancellation)).JsonAsync(HttpStatusCode.OK), JsonSerializerOptions.Web)!.Email);
        using var confirmed = await browser.SubmitFormAsync(page, ConfirmEmailChangePath, new Dictionary<string, string>());

        Assert.Contains("Email address changed", await confirmed.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, free, password, cancellationToken: Cancellation)).Status);
    }

    [Fact]
    public async Task Over_plain_HTTP_the_confirmation_page_asks_for_HTTPS_and_sets_no_cookie()
    {
        var (customer, password, _) = await CustomerAccountAsync();
        using var client = Fixture.Factory.CreateClientFor(customer.Email, password);
        var free = AccountHttp.NewEmail("plain-http");
        await ChangeEmailAsync(client, customer.Id, free);
        var link = await Emails.WaitForAsync(free, AccountEmailKind.ConfirmEmailChange);
        using var plain = Fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = CapturedEmails.QueryValue(link, "userId"),
            ["email"] = free,
            ["token"] = CapturedEmails.QueryValue(link, "token"),
        });

        using var page = await plain.GetAsync(link.Link!.PathAndQuery, Cancellation);
        using var submitted = await plain.PostAsync(ConfirmEmailChangePath, form, Cancellation);

        foreach (var response in new[] { page, submitted })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("HTTPS", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, customer.Email, password, cancellationToken: Cancellation)).Status);
    }

    [Fact]
    public async Task Staff_cannot_move_the_address_a_customer_signs_in_with()
    {
        var (customer, _, _) = await CustomerAccountAsync();

        var response = await ChangeEmailAsync(Client, customer.Id, AccountHttp.NewEmail("staff-choice"));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "email_managed_by_account");
    }

    [Fact]
    public async Task An_address_typed_into_a_customer_record_does_not_stop_its_owner_from_registering()
    {
        var email = AccountHttp.NewEmail("walk-in");
        await CreateCustomerRecordAsync(email);
        var password = TestAuth.NewPassword();

        var registered = await Anonymous.SendPostAsync("/api/v1/account/register", new { email, password, name = "Walk-in Customer" });

        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var confirmation = await Emails.WaitForAsync(email, AccountEmailKind.ConfirmEmail);
        Assert.Empty(Emails.To(email, AccountEmailKind.RegistrationAttempt));
        var confirmed = await Anonymous.SendPostAsync("/api/v1/account/confirm-email", new
        {
            userId = CapturedEmails.QueryValue(confirmation, "userId"),
            token = CapturedEmails.QueryValue(confirmation, "token"),
        });
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        Assert.Equal(200, (await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).Status);
    }
}

public sealed class EmailChangeOnSqlite(AccountSqliteFixture fixture) : EmailChangeTests(fixture), IClassFixture<AccountSqliteFixture>;

public sealed class EmailChangeOnPostgres(AccountPostgresFixture fixture) : EmailChangeTests(fixture), IClassFixture<AccountPostgresFixture>;
