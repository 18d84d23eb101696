using System.Net;
using Ordo.Api.Features.Audit;
using Ordo.Api.Features.Identity.Clients;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Account;
using Ordo.Api.Tests.Administration;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Audit;

/// <summary>
/// An entry for each audited action, with its actor, address, user agent, outcome and trace id; personal data never in
/// clear. Failures and denials are recorded although the request that caused them was refused.
/// </summary>
public abstract class AuditedActionsTests : ProviderTests
{
    protected AuditedActionsTests(ApiFixture fixture) : base(fixture)
    {
        Anonymous = fixture.CreateAnonymousClient();
        Anonymous.DefaultRequestHeaders.UserAgent.ParseAdd("AuditTest/1.0");
    }

    private HttpClient Anonymous { get; }

    private async Task<AuditEntryResponse> LatestAsync(string action, string resourceType, string? resourceId = null)
    {
        var query = $"action={action}&resourceType={resourceType}" + (resourceId is null ? "" : $"&resourceId={resourceId}");
        var entries = await Client.EntriesAsync(query + "&limit=1");
        return Assert.Single(entries);
    }

    [Fact]
    public async Task A_password_sign_in_is_recorded_with_the_user_as_actor_and_the_callers_address_and_agent()
    {
        var (id, email, password) = await AdminTestSupport.CreateStaffAsync(Client, BuiltInRoles.Warehouse);

        var token = await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation);

        Assert.Equal(200, token.Status);
        var entry = await LatestAsync(AuditActions.SignedIn, AuditResources.User, id.ToString());
        Assert.Equal((id.ToString(), AuditOutcomes.Succeeded, "AuditTest/1.0"), (entry.Actor, entry.Outcome, entry.UserAgent));
        Assert.False(string.IsNullOrEmpty(entry.TraceId));
        Assert.Contains("password_grant", entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_sign_ins_are_recorded_with_the_reason_and_without_the_email_tried()
    {
        var (id, email, _) = await AdminTestSupport.CreateStaffAsync(Client, BuiltInRoles.Warehouse);
        var unknownEmail = AdminTestSupport.UniqueEmail("nobody");

        var wrongPassword = await TestAuth.PasswordGrantAsync(Anonymous, email, "not-the-password", cancellationToken: Cancellation);
        var unknown = await TestAuth.PasswordGrantAsync(Anonymous, unknownEmail, "whatever-password", cancellationToken: Cancellation);

        Assert.Equal((400, 400), (wrongPassword.Status, unknown.Status));
        var failed = await LatestAsync(AuditActions.SignInFailed, AuditResources.User, id.ToString());
        Assert.Equal((id.ToString(), AuditOutcomes.Failed), (failed.Actor, failed.Outcome));
        Assert.Contains("wrong_password", failed.Changes, StringComparison.Ordinal);
        var anonymous = (await Client.EntriesAsync($"action={AuditActions.SignInFailed}&actor=anonymous"))[0];
        Assert.Null(anonymous.ResourceId);
        Assert.Contains("unknown_account", anonymous.Changes, StringComparison.Ordinal);
        var everything = await Client.EntriesAsync("limit=200");
        Assert.DoesNotContain(everything, e => $"{e.Changes}{e.ResourceId}{e.Actor}".Contains(unknownEmail, StringComparison.OrdinalIgnoreCase)
            || $"{e.Changes}{e.ResourceId}{e.Actor}".Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Enrolling_in_two_step_verification_regenerating_codes_and_an_administrators_reset_are_recorded()
    {
        var (id, email, password) = await AdminTestSupport.CreateStaffAsync(Client, BuiltInRoles.Warehouse);
        using var user = Fixture.Factory.WithToken((await TestAuth.PasswordGrantAsync(Anonymous, email, password, cancellationToken: Cancellation)).AccessToken);
        var enrolment = await (await user.SendPostAsync("/api/v1/account/mfa/authenticator", new { password })).JsonAsync(HttpStatusCode.OK);
        var app = new TestAuthenticator(enrolment.GetProperty("sharedKey").GetString()!);
        await (await user.SendPostAsync("/api/v1/account/mfa/authenticator/verify", new { code = app.NextCode() })).JsonAsync(HttpStatusCode.OK);
        await (await user.SendPostAsync("/api/v1/account/mfa/recovery-codes", new { code = app.NextCode() })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendDeleteAsync($"/api/v1/users/{id}/mfa")).StatusCode);

        var enabled = await LatestAsync(AuditActions.MfaEnabled, AuditResources.User, id.ToString());
        Assert.Equal(id.ToString(), enabled.Actor);
        var regenerated = await LatestAsync(AuditActions.RecoveryCodesRegenerated, AuditResources.User, id.ToString());
        Assert.Equal(id.ToString(), regenerated.Actor);
        var reset = await LatestAsync(AuditActions.UserMfaReset, AuditResources.User, id.ToString());
        var disabled = await LatestAsync(AuditActions.MfaDisabled, AuditResources.User, id.ToString());
        Assert.NotEqual(id.ToString(), reset.Actor);
        Assert.Equal(reset.Actor, disabled.Actor);
        Assert.DoesNotContain(await Client.EntriesAsync("limit=200"), e => e.Changes?.Contains(app.Key, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task User_role_and_client_changes_are_recorded_with_what_changed()
    {
        var (userId, _, _) = await AdminTestSupport.CreateStaffAsync(Client, BuiltInRoles.Warehouse);
        await (await Client.PutJsonAsync($"/api/v1/users/{userId}/roles", new { roles = new[] { BuiltInRoles.Support } })).JsonAsync(HttpStatusCode.OK);
        await (await Client.SendPostAsync($"/api/v1/users/{userId}/disable", new { })).JsonAsync(HttpStatusCode.OK);
        var (roleId, _) = await AdminTestSupport.CreateRoleAsync(Client, Permissions.CatalogRead);
        var created = await (await Client.SendPostAsync("/api/v1/clients", new { displayName = "ERP sync", scopes = new[] { "orders.read" } }))
            .ReadAsync<CreatedClientResponse>(HttpStatusCode.Created);
        await (await Client.SendPostAsync($"/api/v1/clients/{created.ClientId}/secret", new { })).JsonAsync(HttpStatusCode.OK);

        Assert.Contains("\"roles\"", (await LatestAsync(AuditActions.UserCreated, AuditResources.User, userId.ToString())).Changes, StringComparison.Ordinal);
        var roles = await LatestAsync(AuditActions.UserRolesChanged, AuditResources.User, userId.ToString());
        Assert.Equal("""{"added":{"after":["support"]},"removed":{"after":["warehouse"]}}""", roles.Changes);
        Assert.Equal("""{"disabled":{"before":false,"after":true}}""", (await LatestAsync(AuditActions.UserDisabled, AuditResources.User, userId.ToString())).Changes);
        Assert.Contains(Permissions.CatalogRead, (await LatestAsync(AuditActions.RoleCreated, AuditResources.Role, roleId.ToString())).Changes, StringComparison.Ordinal);
        Assert.Contains("orders.read", (await LatestAsync(AuditActions.ClientCreated, AuditResources.Client, created.ClientId)).Changes, StringComparison.Ordinal);
        var rotated = await LatestAsync(AuditActions.ClientSecretRotated, AuditResources.Client, created.ClientId);
        Assert.DoesNotContain(created.ClientSecret!, rotated.Changes ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_signing_in_with_its_credentials_is_recorded_with_the_client_as_actor()
    {
        var created = await (await Client.SendPostAsync("/api/v1/clients", new { displayName = "Scanner", scopes = new[] { "catalog.read" } }))
            .ReadAsync<CreatedClientResponse>(HttpStatusCode.Created);

        var token = await AdminTestSupport.ClientCredentialsAsync(Anonymous, created.ClientId, created.ClientSecret!, "catalog.read");

        Assert.Equal(200, token.Status);
        var entry = await LatestAsync(AuditActions.ClientTokenIssued, AuditResources.Client, created.ClientId);
        Assert.Equal(created.ClientId, entry.Actor);
    }

    [Fact]
    public async Task A_missing_permission_is_recorded_as_a_denial_that_survives_the_403()
    {
        var (warehouse, warehouseId) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Warehouse]);

        using var refused = await warehouse.GetAsync("/api/v1/audit", Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var entry = (await Client.EntriesAsync($"action={AuditActions.AuthorizationDenied}&actor={warehouseId}"))[0];
        Assert.Equal((AuditResources.Endpoint, "ListAuditEntries", AuditOutcomes.Denied), (entry.ResourceType, entry.ResourceId, entry.Outcome));
        Assert.Contains(Permissions.AuditRead, entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_repeating_a_forbidden_request_leaves_one_entry_per_window_not_one_per_request()
    {
        var (warehouse, warehouseId) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Warehouse]);

        for (var i = 0; i < 12; i++)
        {
            using var refused = await warehouse.GetAsync("/api/v1/audit", Cancellation);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var other = await warehouse.GetAsync("/api/v1/jobs", Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        var entries = await Client.EntriesAsync($"action={AuditActions.AuthorizationDenied}&actor={warehouseId}");
        // One for the twelve identical denials, one for the denial of another permission.
        Assert.Equal(["ListJobs", "ListAuditEntries"], entries.Select(e => e.ResourceId));
    }

    [Fact]
    public async Task A_rule_denial_inside_a_state_changing_request_is_recorded_although_the_request_rolls_back()
    {
        var data = new OrderTestData(Fixture, Client);
        var customer = await data.CustomerAsync();
        var product = await data.ProductAsync(stock: 5);
        var (support, supportId) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Support]);

        using var refused = await support.SendPostAsync("/api/v1/orders", new
        {
            customerId = customer,
            currency = "EUR",
            lines = new[] { new { productId = product.Id, quantity = 1 } },
            shippingFee = new { amount = 0, currency = "EUR" },
        }, idempotencyKey: Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var entry = (await Client.EntriesAsync($"action={AuditActions.AuthorizationDenied}&actor={supportId}"))[0];
        Assert.Equal((AuditResources.Customer, customer.ToString(), AuditOutcomes.Denied), (entry.ResourceType, entry.ResourceId, entry.Outcome));
        Assert.Contains(AccessRules.ShippingFeeOverrideRule, entry.Changes, StringComparison.Ordinal);
        Assert.True((await Client.VerificationAsync()).Intact);
    }
}

public sealed class AuditedActionsOnSqlite(SqliteApiFixture fixture) : AuditedActionsTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class AuditedActionsOnPostgres(PostgresApiFixture fixture) : AuditedActionsTests(fixture), IClassFixture<PostgresApiFixture>;
