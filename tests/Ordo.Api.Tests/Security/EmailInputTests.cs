using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Customers;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Account;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Security;

/// <summary>Every path that takes an email normalises it (trimmed, NFC) and refuses control and invisible characters.</summary>
public abstract class EmailInputTests(ApiFixture fixture) : ProviderTests(fixture)
{
    public static TheoryData<string> Hostile() =>
    [
        "nul\0{0}@example.test",
        "zero\u200Bwidth{0}@example.test",
        "joiner\u200D{0}@example.test",
        "{0}@\u202Etset.elpmaxe",
        "bom\uFEFF{0}@example.test",
        "soft\u00ADhyphen{0}@example.test",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Emails_with_control_or_invisible_characters_are_refused_on_every_path_that_stores_one(string template)
    {
        var email = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Guid.NewGuid().ToString("N")[..8]);
        var password = TestAuth.NewPassword();

        await (await Client.SendPostAsync("/api/v1/customers", new { name = "Hostile", email })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_email");
        var customer = await (await Client.SendPostAsync("/api/v1/customers", new { name = "Fine", email = AccountHttp.NewEmail("fine") })).ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        var url = $"/api/v1/customers/{customer.Id}";
        var etag = (await Client.GetAsync(url, Cancellation)).ETag();
        await (await Client.PatchAsync(url, System.Text.Json.JsonSerializer.Serialize(new { email }), etag)).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_email");
        await (await Client.SendPostAsync("/api/v1/users", new { email, password, roles = Array.Empty<string>() })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_email");
        using var anonymous = Fixture.CreateAnonymousClient();
        await (await anonymous.SendPostAsync("/api/v1/account/register", new { email, password, name = "Hostile" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_email");

        // The command-line and bootstrap path (create-admin, Bootstrap:AdminEmail).
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<IdentityBootstrap>().CreateAdminAsync(email, password);
        Assert.False(created.Succeeded);
        Assert.Contains(created.Errors, error => error.Code == "invalid_email");
    }

    [Fact]
    public async Task Composed_and_decomposed_spellings_of_a_customer_email_are_one_address()
    {
        var local = "josé.müller." + Guid.NewGuid().ToString("N")[..8];
        var composed = $"{local}@exämple.test".Normalize(NormalizationForm.FormC);
        var decomposed = $"  {local.ToUpperInvariant()}@EXÄMPLE.test ".Normalize(NormalizationForm.FormD);

        var customer = await (await Client.SendPostAsync("/api/v1/customers", new { name = "José", email = decomposed })).ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        Assert.Equal(composed, customer.Email);
        await (await Client.SendPostAsync("/api/v1/customers", new { name = "Twin", email = composed })).AssertProblemAsync(HttpStatusCode.Conflict, "email_taken");
        var found = await (await Client.GetAsync($"/api/v1/customers?email={Uri.EscapeDataString(decomposed.Trim())}", Cancellation)).ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);
        Assert.Equal(customer.Id, Assert.Single(found.Data).Id);
    }
}

public sealed class EmailInputOnSqlite(AccountSqliteFixture fixture) : EmailInputTests(fixture), IClassFixture<AccountSqliteFixture>;

public sealed class EmailInputOnPostgres(AccountPostgresFixture fixture) : EmailInputTests(fixture), IClassFixture<AccountPostgresFixture>;
