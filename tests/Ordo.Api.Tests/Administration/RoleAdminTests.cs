using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Identity.Roles;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Persistence;
using Ordo.Persistence.Identity;
using static Ordo.Api.Tests.Administration.AdminTestSupport;

namespace Ordo.Api.Tests.Administration;

/// <summary>/api/v1/roles and /api/v1/permissions. The bootstrap admin stays this fixture's only user manager.</summary>
public abstract class RoleAdminTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private HttpClient Anonymous => Fixture.CreateAnonymousClient();

    private async Task<(Guid Id, string ETag)> BuiltInAsync(string name)
    {
        var page = await (await Client.GetAsync("/api/v1/roles?limit=200", Cancellation)).ReadAsync<Page<RoleResponse>>(HttpStatusCode.OK);
        var id = page.Data.Single(r => r.Name == name).Id;
        var response = await Client.GetAsync($"/api/v1/roles/{id}", Cancellation);
        response.EnsureSuccessStatusCode();
        return (id, response.ETag());
    }

    [Fact]
    public async Task Creating_a_role_answers_201_with_its_permissions_and_an_etag_that_reads_back()
    {
        var name = UniqueName("auditor");
        var response = await Client.SendPostAsync("/api/v1/roles", new { name, description = "Reads the audit trail", permissions = new[] { "audit.read", "orders.read", "audit.read" } });
        var role = await response.ReadAsync<RoleResponse>(HttpStatusCode.Created);
        Assert.Equal(name, role.Name);
        Assert.False(role.BuiltIn);
        Assert.Equal(0, role.Users);
        Assert.Equal(["audit.read", "orders.read"], role.Permissions);
        Assert.False(response.Headers.ETag!.IsWeak);

        var fetched = await Client.GetAsync(response.Headers.Location, Cancellation);
        Assert.Equal(response.ETag(), fetched.ETag());
        using var conditional = new HttpRequestMessage(HttpMethod.Get, response.Headers.Location);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", response.ETag());
        Assert.Equal(HttpStatusCode.NotModified, (await Client.SendAsync(conditional, Cancellation)).StatusCode);

        var list = await (await Client.GetAsync("/api/v1/roles?limit=200", Cancellation)).ReadAsync<Page<RoleResponse>>(HttpStatusCode.OK);
        var names = list.Data.Select(r => r.Name).ToList();
        Assert.Contains(name, names);
        Assert.Contains("admin", names);

        var catalogue = await (await Client.GetAsync("/api/v1/permissions", Cancellation)).ReadAsync<IReadOnlyList<PermissionResponse>>(HttpStatusCode.OK);
        Assert.Contains("users.manage", catalogue.Select(p => p.Name));
    }

    [Fact]
    public async Task Roles_list_pages_with_a_cursor()
    {
        var page1 = await (await Client.GetAsync("/api/v1/roles?limit=2", Cancellation)).ReadAsync<Page<RoleResponse>>(HttpStatusCode.OK);
        Assert.True(page1.HasMore);
        var page2 = await (await Client.GetAsync($"/api/v1/roles?limit=2&cursor={page1.NextCursor}", Cancellation)).ReadAsync<Page<RoleResponse>>(HttpStatusCode.OK);
        var first = page1.Data.Select(r => r.Id).ToList();
        var second = page2.Data.Select(r => r.Id).ToList();
        Assert.Empty(first.Intersect(second));
        Assert.Equal(2, second.Count);
    }

    [Fact]
    public async Task Unknown_permissions_are_named_bad_names_are_400_and_taken_names_409()
    {
        var unknown = await Client.SendPostAsync("/api/v1/roles", new { name = UniqueName(), description = (string?)null, permissions = new[] { "orders.read", "orders.teleport", "root" } });
        var problem = await unknown.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_permissions");
        Assert.Equal(["orders.teleport", "root"], problem.Extension<string[]>("permissions"));

        var badName = await Client.SendPostAsync("/api/v1/roles", new { name = "Has Spaces", description = (string?)null, permissions = Array.Empty<string>() });
        await badName.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var taken = await Client.SendPostAsync("/api/v1/roles", new { name = "support", description = (string?)null, permissions = Array.Empty<string>() });
        await taken.AssertProblemAsync(HttpStatusCode.Conflict, "role_name_taken");

        var nullPermission = await Client.SendPostAsync("/api/v1/roles", HttpJson.Body($$"""{"name":"{{UniqueName()}}","description":null,"permissions":[null]}"""));
        await nullPermission.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Updating_a_role_requires_the_current_etag()
    {
        var (id, name) = await CreateRoleAsync(Client, "catalog.read");
        var etag = (await Client.GetAsync($"/api/v1/roles/{id}", Cancellation)).ETag();
        var body = new { name = name + "-x", description = "renamed", permissions = new[] { "catalog.read", "stock.adjust" } };

        await (await Client.PutJsonAsync($"/api/v1/roles/{id}", body)).AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");
        await (await Client.PutJsonAsync($"/api/v1/roles/{id}", body, "\"stale\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        var response = await Client.PutJsonAsync($"/api/v1/roles/{id}", body, etag);
        var role = await response.ReadAsync<RoleResponse>(HttpStatusCode.OK);
        Assert.Equal(name + "-x", role.Name);
        Assert.Equal("renamed", role.Description);
        Assert.Equal(["catalog.read", "stock.adjust"], role.Permissions);
        Assert.NotEqual(etag, response.ETag());

        // The old ETag is stale now.
        await (await Client.PutJsonAsync($"/api/v1/roles/{id}", body, etag)).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        await (await Client.PutJsonAsync($"/api/v1/roles/{Guid.NewGuid()}", body, etag)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Removing_a_grant_takes_effect_on_the_next_request_with_the_same_token()
    {
        var (roleId, roleName) = await CreateRoleAsync(Client, "users.read", "catalog.read");
        var (_, email, password) = await CreateStaffAsync(Client, roleName);
        var token = await SignInAsync(Anonymous, email, password);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken));

        var etag = (await Client.GetAsync($"/api/v1/roles/{roleId}", Cancellation)).ETag();
        var revoked = await Client.PutJsonAsync($"/api/v1/roles/{roleId}", new { name = roleName, description = "no more users", permissions = new[] { "catalog.read" } }, etag);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        // Same token, still valid (not expired, session not revoked): the decision changed at once.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/products", token.AccessToken));

        var regranted = await Client.PutJsonAsync($"/api/v1/roles/{roleId}", new { name = roleName, description = "users again", permissions = new[] { "catalog.read", "users.read" } }, revoked.ETag());
        Assert.Equal(HttpStatusCode.OK, regranted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/users", token.AccessToken));
    }

    [Fact]
    public async Task Built_in_roles_keep_their_names_and_cannot_be_deleted_but_their_grants_can_change()
    {
        var (id, etag) = await BuiltInAsync("warehouse");
        var role = await (await Client.GetAsync($"/api/v1/roles/{id}", Cancellation)).ReadAsync<RoleResponse>(HttpStatusCode.OK);
        var permissions = role.Permissions.ToList();

        await (await Client.PutJsonAsync($"/api/v1/roles/{id}", new { name = "storekeeper", description = "x", permissions }, etag))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "built_in_role");
        await (await Client.SendDeleteAsync($"/api/v1/roles/{id}")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "built_in_role");

        var updated = await Client.PutJsonAsync($"/api/v1/roles/{id}", new { name = "warehouse", description = "Ships things", permissions = permissions.Append("orders.export") }, etag);
        var body = await updated.ReadAsync<RoleResponse>(HttpStatusCode.OK);
        Assert.Contains("orders.export", body.Permissions);
        Assert.True(body.BuiltIn);
    }

    [Fact]
    public async Task A_role_still_assigned_cannot_be_deleted_until_it_is_unassigned()
    {
        var (roleId, roleName) = await CreateRoleAsync(Client, "catalog.read");
        var (userId, _, _) = await CreateStaffAsync(Client, roleName, "support");

        var problem = await (await Client.SendDeleteAsync($"/api/v1/roles/{roleId}")).AssertProblemAsync(HttpStatusCode.Conflict, "role_in_use");
        Assert.Equal(1, problem.Extension<int>("users"));

        (await Client.PutJsonAsync($"/api/v1/users/{userId}/roles", new { roles = new[] { "support" } })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendDeleteAsync($"/api/v1/roles/{roleId}")).StatusCode);
        await (await Client.GetAsync($"/api/v1/roles/{roleId}", Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_admin_role_grants_the_whole_catalogue_and_not_even_an_administrator_can_edit_or_delete_it()
    {
        var (id, etag) = await BuiltInAsync("admin");
        var admin = await (await Client.GetAsync($"/api/v1/roles/{id}", Cancellation)).ReadAsync<RoleResponse>(HttpStatusCode.OK);
        Assert.Equal(Permissions.All.Order(StringComparer.Ordinal), admin.Permissions);

        var withoutUsersManage = admin.Permissions.Where(p => p != "users.manage").ToList();
        await (await Client.PutJsonAsync($"/api/v1/roles/{id}", new { name = "admin", description = admin.Description, permissions = withoutUsersManage }, etag))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "built_in_role");
        await (await Client.PutJsonAsync($"/api/v1/roles/{id}", new { name = "admin", description = "Another text", permissions = admin.Permissions }, etag))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "built_in_role");
        await (await Client.SendDeleteAsync($"/api/v1/roles/{id}", etag)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "built_in_role");

        Assert.Equal(etag, (await Client.GetAsync($"/api/v1/roles/{id}", Cancellation)).ETag());
    }

    [Fact]
    public async Task A_role_manager_cannot_strip_the_admin_role_and_so_can_never_outrank_the_administrators()
    {
        var (_, roleManagerRole) = await CreateRoleAsync(Client, "roles.manage", "users.read");
        var (roleManagerId, email, password) = await CreateStaffAsync(Client, roleManagerRole);
        var roleManager = Fixture.Factory.CreateClientFor(email, password);
        var (id, etag) = await BuiltInAsync("admin");
        var admin = await (await roleManager.GetAsync($"/api/v1/roles/{id}", Cancellation)).ReadAsync<RoleResponse>(HttpStatusCode.OK);

        var stripped = admin.Permissions.Except(["roles.manage", "clients.manage"]).ToList();
        await (await roleManager.PutJsonAsync($"/api/v1/roles/{id}", new { name = "admin", description = admin.Description, permissions = stripped }, etag))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "built_in_role");

        var after = await (await Client.GetAsync($"/api/v1/roles/{id}", Cancellation)).ReadAsync<RoleResponse>(HttpStatusCode.OK);
        Assert.Equal(admin.Permissions, after.Permissions);
        // The administrator still holds everything the role manager holds, so may still take the role away.
        (await Client.SendPostAsync($"/api/v1/users/{roleManagerId}/disable", new { })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_role_manager_cannot_edit_or_delete_a_role_granting_permissions_they_lack_even_to_take_them_away()
    {
        var (_, roleManagerRole) = await CreateRoleAsync(Client, "roles.manage", "users.read", "catalog.read");
        var (_, email, password) = await CreateStaffAsync(Client, roleManagerRole);
        var roleManager = Fixture.Factory.CreateClientFor(email, password);
        var (refunderId, refunderName) = await CreateRoleAsync(Client, "catalog.read", "orders.refund");
        var etag = (await Client.GetAsync($"/api/v1/roles/{refunderId}", Cancellation)).ETag();

        var problem = await (await roleManager.PutJsonAsync(
                $"/api/v1/roles/{refunderId}", new { name = refunderName, description = "reads only", permissions = new[] { "catalog.read" } }, etag))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "target_outranks_caller");
        Assert.Equal(["orders.refund"], problem.Extension<string[]>("permissions"));
        await (await roleManager.SendDeleteAsync($"/api/v1/roles/{refunderId}")).AssertProblemAsync(HttpStatusCode.Forbidden, "target_outranks_caller");

        var unchanged = await Client.GetAsync($"/api/v1/roles/{refunderId}", Cancellation);
        Assert.Equal(etag, unchanged.ETag());
        Assert.Equal(["catalog.read", "orders.refund"], (await unchanged.ReadAsync<RoleResponse>(HttpStatusCode.OK)).Permissions);

        // A role within the role manager's own permissions is theirs to edit and delete.
        var (ownId, ownName) = await CreateRoleAsync(roleManager, "catalog.read");
        var ownETag = (await roleManager.GetAsync($"/api/v1/roles/{ownId}", Cancellation)).ETag();
        var edited = await roleManager.PutJsonAsync($"/api/v1/roles/{ownId}", new { name = ownName, description = "still reads", permissions = new[] { "catalog.read", "users.read" } }, ownETag);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await roleManager.SendDeleteAsync($"/api/v1/roles/{ownId}")).StatusCode);
    }

    [Fact]
    public async Task Start_up_gives_the_admin_role_of_an_existing_installation_exactly_the_permissions_of_the_current_catalogue()
    {
        var (id, _) = await BuiltInAsync("admin");
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            // As an installation made by an earlier release holds it: the role predates webhooks.manage and still
            // names a permission that release had and this one dropped.
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            await db.RoleClaims.Where(c => c.RoleId == id && c.ClaimValue == Permissions.WebhooksManage).ExecuteDeleteAsync(Cancellation);
            db.RoleClaims.Add(new IdentityRoleClaim<Guid> { RoleId = id, ClaimType = OrdoRole.PermissionClaimType, ClaimValue = "reports.legacy" });
            await db.SaveChangesAsync(Cancellation);
        }

        var before = await (await Client.GetAsync($"/api/v1/roles/{id}", Cancellation)).ReadAsync<RoleResponse>(HttpStatusCode.OK);
        Assert.DoesNotContain(Permissions.WebhooksManage, before.Permissions);
        Assert.DoesNotContain("reports.legacy", before.Permissions); // grants nothing, so not listed: the list is one a PUT accepts back

        // What the service runs at start-up and 'migrate' runs after migrating.
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdentityBootstrap>().EnsureAsync(Cancellation);
        }

        var after = await (await Client.GetAsync($"/api/v1/roles/{id}", Cancellation)).ReadAsync<RoleResponse>(HttpStatusCode.OK);
        Assert.Equal(Permissions.All.Order(StringComparer.Ordinal), after.Permissions);
    }

    [Fact]
    public async Task The_customer_role_and_roles_held_by_customer_accounts_cannot_grant_staff_only_permissions()
    {
        var (customerRoleId, etag) = await BuiltInAsync("customer");
        var customerRole = await (await Client.GetAsync($"/api/v1/roles/{customerRoleId}", Cancellation)).ReadAsync<RoleResponse>(HttpStatusCode.OK);
        var problem = await (await Client.PutJsonAsync(
                $"/api/v1/roles/{customerRoleId}", new { name = "customer", description = customerRole.Description, permissions = customerRole.Permissions.Append("users.manage") }, etag))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "customer_account");
        Assert.Equal(["users.manage"], problem.Extension<string[]>("permissions"));
        Assert.Equal(etag, (await Client.GetAsync($"/api/v1/roles/{customerRoleId}", Cancellation)).ETag());

        // A custom role that a customer's account holds is bound the same way.
        var (roleId, roleName) = await CreateRoleAsync(Client, "catalog.read");
        var customerId = await new OrderTestData(Fixture, Client).CustomerAsync();
        var (_, userId) = await Fixture.Factory.CreateClientWithRolesAsync(["customer"], customerId);
        (await Client.PutJsonAsync($"/api/v1/users/{userId}/roles", new { roles = new[] { "customer", roleName } })).EnsureSuccessStatusCode();
        var roleETag = (await Client.GetAsync($"/api/v1/roles/{roleId}", Cancellation)).ETag();

        problem = await (await Client.PutJsonAsync($"/api/v1/roles/{roleId}", new { name = roleName, description = "x", permissions = new[] { "catalog.read", "customers.pii", "orders.refund" } }, roleETag))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "customer_account");
        Assert.Equal(["customers.pii", "orders.refund"], problem.Extension<string[]>("permissions"));
        var widened = await Client.PutJsonAsync($"/api/v1/roles/{roleId}", new { name = roleName, description = "x", permissions = new[] { "catalog.read", "orders.read" } }, roleETag);
        Assert.Equal(HttpStatusCode.OK, widened.StatusCode);
    }

    [Fact]
    public async Task A_role_manager_cannot_grant_permissions_they_lack()
    {
        var (_, roleManagerRole) = await CreateRoleAsync(Client, "roles.manage", "users.read", "catalog.read");
        var (_, email, password) = await CreateStaffAsync(Client, roleManagerRole);
        var roleManager = Fixture.Factory.CreateClientFor(email, password);

        var refused = await roleManager.SendPostAsync("/api/v1/roles", new { name = UniqueName(), description = (string?)null, permissions = new[] { "catalog.read", "orders.refund" } });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "privilege_escalation");
        Assert.Equal(["orders.refund"], problem.Extension<string[]>("permissions"));

        var allowed = await roleManager.SendPostAsync("/api/v1/roles", new { name = UniqueName(), description = (string?)null, permissions = new[] { "catalog.read" } });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    [Fact]
    public async Task Support_staff_may_not_read_or_change_roles_and_anonymous_callers_are_401()
    {
        var (support, _) = await Fixture.Factory.CreateClientWithRolesAsync(["support"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync("/api/v1/roles", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.SendPostAsync("/api/v1/roles", new { name = UniqueName(), description = (string?)null, permissions = Array.Empty<string>() })).StatusCode);

        // A manager reads roles (users.read) but can't change them.
        var (manager, _) = await Fixture.Factory.CreateClientWithRolesAsync(["manager"]);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/v1/roles", Cancellation)).StatusCode);
        var (id, _) = await BuiltInAsync("support");
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.SendDeleteAsync($"/api/v1/roles/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.GetAsync("/api/v1/roles", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous.GetAsync("/api/v1/permissions", Cancellation)).StatusCode);
    }
}

public sealed class RoleAdminOnSqlite(SqliteApiFixture fixture) : RoleAdminTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class RoleAdminOnPostgres(PostgresApiFixture fixture) : RoleAdminTests(fixture), IClassFixture<PostgresApiFixture>;
