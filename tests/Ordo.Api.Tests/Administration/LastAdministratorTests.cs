using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Roles;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;
using Ordo.Persistence.Identity;
using static Ordo.Api.Tests.Administration.AdminTestSupport;

namespace Ordo.Api.Tests.Administration;

/// <summary>
/// The installation never loses its last user able to manage users or roles. Each test arranges its own last
/// administrators straight in the database and disables every other user there (the bootstrap admin included), so
/// this suite has its own fixture.
/// </summary>
public abstract class LastAdministratorTests(ApiFixture fixture) : ProviderTests(fixture)
{
    [Fact]
    public async Task Taking_users_manage_from_the_last_role_that_grants_it_is_refused()
    {
        // The built-in admin role can't be edited at all, so the last grant of users.manage is a custom role's.
        var roleName = UniqueName("keyholder");
        await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<OrdoRole>>();
            var role = new OrdoRole { Id = Guid.CreateVersion7(), Name = roleName };
            Assert.True((await roles.CreateAsync(role)).Succeeded);
            foreach (var permission in new[] { "users.read", "users.manage", "roles.manage" })
            {
                Assert.True((await roles.AddClaimAsync(role, new System.Security.Claims.Claim(OrdoRole.PermissionClaimType, permission))).Succeeded);
            }
        }

        var (keyholder, keyholderId) = await Fixture.Factory.CreateClientWithRolesAsync([roleName]);
        await DisableEveryoneButAsync(keyholderId);
        var page = await (await keyholder.GetAsync("/api/v1/roles?limit=200", Cancellation)).ReadAsync<Page<RoleResponse>>(HttpStatusCode.OK);
        var id = page.Data.Single(r => r.Name == roleName).Id;
        var etag = (await keyholder.GetAsync($"/api/v1/roles/{id}", Cancellation)).ETag();

        var problem = await (await keyholder.PutJsonAsync($"/api/v1/roles/{id}", new { name = roleName, description = "x", permissions = new[] { "users.read", "roles.manage" } }, etag))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "last_administrator");
        Assert.Equal("users.manage", problem.GetProperty("permission").GetString());
        Assert.Equal(etag, (await keyholder.GetAsync($"/api/v1/roles/{id}", Cancellation)).ETag());
        Assert.Equal(HttpStatusCode.OK, (await keyholder.GetAsync("/api/v1/users", Cancellation)).StatusCode);
    }

    private async Task DisableEveryoneButAsync(params Guid[] keep)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        await db.Users.Where(u => !keep.Contains(u.Id)).ExecuteUpdateAsync(set => set.SetProperty(u => u.IsDisabled, true), Cancellation);
    }
}

public sealed class LastAdministratorOnSqlite(SqliteApiFixture fixture) : LastAdministratorTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class LastAdministratorOnPostgres(PostgresApiFixture fixture) : LastAdministratorTests(fixture), IClassFixture<PostgresApiFixture>;
