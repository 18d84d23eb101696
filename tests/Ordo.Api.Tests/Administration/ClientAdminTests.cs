using System.Net;
using Ordo.Api.Features.Identity.Clients;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;
using static Ordo.Api.Tests.Administration.AdminTestSupport;

namespace Ordo.Api.Tests.Administration;

/// <summary>/api/v1/clients: integration clients whose permissions are their scopes.</summary>
public abstract class ClientAdminTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private HttpClient Anonymous => Fixture.CreateAnonymousClient();

    private async Task<(string ClientId, string Secret)> CreateIntegrationAsync(params string[] scopes)
    {
        var response = await Client.SendPostAsync("/api/v1/clients", new { displayName = "ERP sync", scopes });
        var body = await response.ReadAsync<CreatedClientResponse>(HttpStatusCode.Created);
        return (body.ClientId, body.ClientSecret!);
    }

    [Fact]
    public async Task Creating_a_client_shows_its_secret_once_and_never_again()
    {
        var response = await Client.SendPostAsync("/api/v1/clients", new { displayName = "Warehouse scanner", scopes = new[] { "orders.read", "catalog.read" } });
        var created = await response.ReadAsync<CreatedClientResponse>(HttpStatusCode.Created);
        var clientId = created.ClientId;
        var secret = created.ClientSecret!;
        Assert.StartsWith("int-", clientId, StringComparison.Ordinal);
        Assert.True(secret.Length >= 43, "the secret must carry at least 256 bits");
        Assert.Equal($"/api/v1/clients/{clientId}", response.Headers.Location?.ToString());
        Assert.Equal(["catalog.read", "orders.read"], created.Scopes);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        var fetched = await Client.GetAsync($"/api/v1/clients/{clientId}", Cancellation);
        var client = await fetched.ReadAsync<ClientResponse>(HttpStatusCode.OK);
        // The exact members on the wire (no secret among them) are the point.
        Assert.Equal(["allowedOrigins", "builtIn", "clientId", "displayName", "postLogoutRedirectUris", "redirectUris", "scopes", "type"], (await fetched.MemberNamesAsync()).Order());
        Assert.Equal("confidential", client.Type);
        Assert.DoesNotContain(secret, await fetched.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);

        var list = await Client.GetAsync("/api/v1/clients?limit=200", Cancellation);
        var page = await list.ReadAsync<Page<ClientResponse>>(HttpStatusCode.OK);
        var ids = page.Data.Select(c => c.ClientId).ToList();
        Assert.Contains(clientId, ids);
        Assert.Contains("ordo-admin", ids);
        Assert.DoesNotContain(secret, await list.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        await (await Client.GetAsync("/api/v1/clients/int-nope", Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Clients_list_pages_with_a_cursor()
    {
        await CreateIntegrationAsync("catalog.read");
        await CreateIntegrationAsync("catalog.read");
        var page1 = await (await Client.GetAsync("/api/v1/clients?limit=1", Cancellation)).ReadAsync<Page<ClientResponse>>(HttpStatusCode.OK);
        Assert.True(page1.HasMore);
        var page2 = await (await Client.GetAsync($"/api/v1/clients?limit=1&cursor={page1.NextCursor}", Cancellation)).ReadAsync<Page<ClientResponse>>(HttpStatusCode.OK);
        Assert.True(string.CompareOrdinal(
            page1.Data[0].ClientId,
            page2.Data[0].ClientId) < 0);
    }

    [Fact]
    public async Task A_token_request_without_scope_gets_every_scope_the_client_was_granted()
    {
        var (clientId, secret) = await CreateIntegrationAsync("users.read", "catalog.read");

        var token = await TestAuth.RequestTokenAsync(Anonymous, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }, Cancellation);

        Assert.True(token.Status == 200, token.Body.ToString());
        Assert.Equal(["catalog.read", "users.read"], token.Body.GetProperty("scope").GetString()!.Split(' ').Order());
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/products", token.AccessToken));
    }

    [Fact]
    public async Task A_clients_403_names_the_missing_permission_and_the_scope_to_ask_for()
    {
        var (clientId, secret) = await CreateIntegrationAsync("catalog.read");
        var token = await ClientCredentialsAsync(Anonymous, clientId, secret, "catalog.read");

        using var refused = await GetWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken);

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "permission_missing");
        Assert.Equal("users.read", problem.Extension<string>("permission"));
        Assert.Contains("the scope 'users.read'", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clients_token_carries_exactly_its_scopes_as_permissions()
    {
        var (reader, readerSecret) = await CreateIntegrationAsync("users.read", "catalog.read");
        var token = await ClientCredentialsAsync(Anonymous, reader, readerSecret, "users.read");
        Assert.True(token.Status == 200, token.Body.ToString());
        Assert.Null(token.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusWithTokenAsync(Anonymous, "/api/v1/clients", token.AccessToken));

        // Granted users.read but asked only for catalog.read: the token doesn't carry users.read.
        var narrow = await ClientCredentialsAsync(Anonymous, reader, readerSecret, "catalog.read");
        Assert.Equal(HttpStatusCode.Forbidden, await StatusWithTokenAsync(Anonymous, "/api/v1/users", narrow.AccessToken));

        var (catalog, catalogSecret) = await CreateIntegrationAsync("catalog.read");
        var catalogToken = await ClientCredentialsAsync(Anonymous, catalog, catalogSecret, "catalog.read");
        Assert.Equal(HttpStatusCode.Forbidden, await StatusWithTokenAsync(Anonymous, "/api/v1/users", catalogToken.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/products", catalogToken.AccessToken));
    }

    [Fact]
    public async Task Asking_for_a_scope_the_client_was_not_granted_fails_at_the_token_endpoint()
    {
        var (clientId, secret) = await CreateIntegrationAsync("catalog.read");
        var token = await ClientCredentialsAsync(Anonymous, clientId, secret, "catalog.read users.manage");
        Assert.Equal(400, token.Status);
        Assert.Equal("invalid_scope", token.Error);

        // Without the right secret the answer is about the secret, not the grants.
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(Anonymous, clientId, "wrong-secret", "users.manage")).Error);
    }

    [Fact]
    public async Task Scopes_must_come_from_the_permission_catalogue()
    {
        var response = await Client.SendPostAsync("/api/v1/clients", new { displayName = "Bad", scopes = new[] { "catalog.read", "openid", "everything" } });
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_scopes");
        Assert.Equal(["everything", "openid"], problem.Extension<string[]>("scopes").Order());

        var empty = await Client.SendPostAsync("/api/v1/clients", new { displayName = "Empty", scopes = Array.Empty<string>() });
        await empty.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var nullScope = await Client.SendPostAsync("/api/v1/clients", new { displayName = "Null", scopes = new string?[] { null } });
        await nullScope.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Rotating_the_secret_shows_a_new_one_once_and_the_old_one_stops_working()
    {
        var (clientId, oldSecret) = await CreateIntegrationAsync("catalog.read");
        var response = await Client.SendPostAsync($"/api/v1/clients/{clientId}/secret", new { });
        var rotated = await response.ReadAsync<ClientCredentialsResponse>(HttpStatusCode.OK);
        var newSecret = rotated.ClientSecret;
        Assert.NotEqual(oldSecret, newSecret);

        Assert.Equal("invalid_client", (await ClientCredentialsAsync(Anonymous, clientId, oldSecret, "catalog.read")).Error);
        Assert.Equal(200, (await ClientCredentialsAsync(Anonymous, clientId, newSecret, "catalog.read")).Status);

        await (await Client.SendPostAsync("/api/v1/clients/ordo-admin/secret", new { }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "client_not_confidential");
    }

    [Fact]
    public async Task Secret_bearing_responses_refuse_idempotency_keys_so_that_no_secret_is_stored_for_replay()
    {
        var response = await Client.SendPostAsync("/api/v1/clients", new { displayName = "Replay", scopes = new[] { "catalog.read" } }, idempotencyKey: Guid.NewGuid().ToString());
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_not_supported");

        var created = await (await Client.SendPostAsync("/api/v1/clients", new { displayName = "Rotate", scopes = new[] { "catalog.read" } })).ReadAsync<CreatedClientResponse>(HttpStatusCode.Created);
        var rotated = await Client.SendPostAsync($"/api/v1/clients/{created.ClientId}/secret", new { }, idempotencyKey: Guid.NewGuid().ToString());
        await rotated.AssertProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_not_supported");
    }

    [Fact]
    public async Task Revoking_a_client_stops_its_tokens_at_once_and_its_credentials_for_good()
    {
        var (clientId, secret) = await CreateIntegrationAsync("users.read");
        var token = await ClientCredentialsAsync(Anonymous, clientId, secret, "users.read");
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken));

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendDeleteAsync($"/api/v1/clients/{clientId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken));
        Assert.Equal("invalid_client", (await ClientCredentialsAsync(Anonymous, clientId, secret, "users.read")).Error);
        await (await Client.GetAsync($"/api/v1/clients/{clientId}", Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_admin_panel_client_cannot_be_deleted()
    {
        await (await Client.SendDeleteAsync("/api/v1/clients/ordo-admin")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "built_in_client");
        var admin = await (await Client.GetAsync("/api/v1/clients/ordo-admin", Cancellation)).ReadAsync<ClientResponse>(HttpStatusCode.OK);
        Assert.True(admin.BuiltIn);
    }

    [Fact]
    public async Task Only_holders_of_clients_manage_may_see_or_change_clients()
    {
        var (support, _) = await Fixture.Factory.CreateClientWithRolesAsync(["support"]);
        var (manager, _) = await Fixture.Factory.CreateClientWithRolesAsync(["manager"]);
        foreach (var caller in new[] { support, manager })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await caller.GetAsync("/api/v1/clients", Cancellation)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await caller.SendPostAsync("/api/v1/clients", new { displayName = "x", scopes = new[] { "catalog.read" } })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.GetAsync("/api/v1/clients", Cancellation)).StatusCode);
    }

    [Fact]
    public async Task A_client_manager_cannot_create_a_client_with_scopes_they_lack()
    {
        var (_, role) = await CreateRoleAsync(Client, "clients.manage", "catalog.read");
        var (_, email, password) = await CreateStaffAsync(Client, role);
        var clientManager = Fixture.Factory.CreateClientFor(email, password);

        var refused = await clientManager.SendPostAsync("/api/v1/clients", new { displayName = "Sneaky", scopes = new[] { "catalog.read", "users.manage" } });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "privilege_escalation");
        Assert.Equal(["users.manage"], problem.Extension<string[]>("permissions"));
        Assert.Equal(HttpStatusCode.Created, (await clientManager.SendPostAsync("/api/v1/clients", new { displayName = "Fine", scopes = new[] { "catalog.read" } })).StatusCode);
    }

    [Fact]
    public async Task A_client_manager_can_neither_take_over_nor_delete_a_client_with_scopes_they_lack()
    {
        var strong = await (await Client.SendPostAsync("/api/v1/clients", new { displayName = "Strong", scopes = new[] { "users.manage" } }))
            .ReadAsync<CreatedClientResponse>(HttpStatusCode.Created);
        var clientId = strong.ClientId;
        var (_, role) = await CreateRoleAsync(Client, "clients.manage", "catalog.read");
        var (_, email, password) = await CreateStaffAsync(Client, role);
        var clientManager = Fixture.Factory.CreateClientFor(email, password);

        await (await clientManager.SendPostAsync($"/api/v1/clients/{clientId}/secret", new { })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "privilege_escalation");
        await (await clientManager.SendDeleteAsync($"/api/v1/clients/{clientId}")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "privilege_escalation");

        // The original secret still works: nothing was rotated or deleted.
        var token = await ClientCredentialsAsync(Fixture.CreateAnonymousClient(), clientId, strong.ClientSecret!, "users.manage");
        Assert.Equal(200, token.Status);
    }
}

public sealed class ClientAdminOnSqlite(SqliteApiFixture fixture) : ClientAdminTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class ClientAdminOnPostgres(PostgresApiFixture fixture) : ClientAdminTests(fixture), IClassFixture<PostgresApiFixture>;
