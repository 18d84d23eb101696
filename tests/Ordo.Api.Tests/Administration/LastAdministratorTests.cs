using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Identity.Roles;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;
using Ordo.Persistence.Identity;
using static Ordo.Api.Tests.Administration.AdminTestSupport;

namespace Ordo.Api.Tests.Administration;

/// <summary>
/// The installation never loses its last user able to manage users or roles, also when administrators act at the
/// same moment. Each test arranges its own last administrators straight in the database and disables every other
/// user there (the bootstrap admin included), so this suite has its own fixture.
/// </summary>
public abstract class LastAdministratorTests(ApiFixture fixture) : ProviderTests(fixture)
{
    /// <summary>Each round is one chance for the two requests to interleave; one lost round is a failure.</summary>
    private const int Rounds = 8;

    [Fact]
    public async Task Two_administrators_removing_each_others_roles_at_the_same_moment_leave_one_of_them_in_charge()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (first, second) = await TwoLastAdministratorsAsync();
            var responses = await AtTheSameMomentAsync(
                () => first.Client.PutJsonAsync($"/api/v1/users/{second.Id}/roles", new { roles = Array.Empty<string>() }),
                () => second.Client.PutJsonAsync($"/api/v1/users/{first.Id}/roles", new { roles = Array.Empty<string>() }));

            await AssertExactlyOneWonAsync(responses, round);
        }
    }

    [Fact]
    public async Task Two_administrators_disabling_each_other_at_the_same_moment_leave_one_of_them_enabled()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (first, second) = await TwoLastAdministratorsAsync();
            var responses = await AtTheSameMomentAsync(
                () => first.Client.SendPostAsync($"/api/v1/users/{second.Id}/disable", new { }),
                () => second.Client.SendPostAsync($"/api/v1/users/{first.Id}/disable", new { }));

            await AssertExactlyOneWonAsync(responses, round);
        }
    }

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
        Assert.Equal("users.manage", problem.Extension<string>("permission"));
        Assert.Equal(etag, (await keyholder.GetAsync($"/api/v1/roles/{id}", Cancellation)).ETag());
        Assert.Equal(HttpStatusCode.OK, (await keyholder.GetAsync("/api/v1/users", Cancellation)).StatusCode);
    }

    [Fact]
    public void Every_change_of_users_or_roles_waits_for_the_other_administrative_changes()
    {
        var changes = Fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.TrimStart('/') is var route
                && (route.StartsWith("api/v1/users", StringComparison.Ordinal) || route.StartsWith("api/v1/roles", StringComparison.Ordinal)))
            .Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(method => method != "GET") == true)
            .ToList();

        Assert.Equal(10, changes.Count);
        Assert.All(changes, endpoint => Assert.NotNull(endpoint.Metadata.GetMetadata<AdministrativeChanges.Serialized>()));
    }

    private async Task<((HttpClient Client, Guid Id) First, (HttpClient Client, Guid Id) Second)> TwoLastAdministratorsAsync()
    {
        var (firstClient, firstId) = await Fixture.Factory.CreateClientWithRolesAsync(["admin"]);
        var (secondClient, secondId) = await Fixture.Factory.CreateClientWithRolesAsync(["admin"]);
        await DisableEveryoneButAsync(firstId, secondId);

        // Signed in and their grants cached before the race, so the two requests start level.
        Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync($"/api/v1/users/{secondId}", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync($"/api/v1/users/{firstId}", Cancellation)).StatusCode);
        return ((firstClient, firstId), (secondClient, secondId));
    }

    private async Task DisableEveryoneButAsync(params Guid[] keep)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        await db.Users.Where(u => !keep.Contains(u.Id)).ExecuteUpdateAsync(set => set.SetProperty(u => u.IsDisabled, true), Cancellation);
    }

    private static async Task<HttpResponseMessage[]> AtTheSameMomentAsync(params Func<Task<HttpResponseMessage>>[] requests)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = requests.Select(request => Task.Run(async () =>
        {
            await start.Task;
            return await request();
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(running);
    }

    /// <summary>
    /// One change went through; the other was refused: 422 <c>last_administrator</c> when it ran after the first
    /// committed, 403 <c>permission_missing</c> when the first had already taken its caller's roles before its
    /// permissions were checked, or 401 when the first had already ended its caller's sessions before it was
    /// authenticated.
    /// </summary>
    private async Task AssertExactlyOneWonAsync(HttpResponseMessage[] responses, int round)
    {
        var statuses = responses.Select(r => (int)r.StatusCode).Order().ToList();
        Assert.True(
            statuses[0] == 200 && statuses[1] is 401 or 403 or 422,
            $"Round {round}: expected one 200 and one refusal, got {string.Join(", ", statuses)}.");
        var loser = responses.Single(r => r.StatusCode != HttpStatusCode.OK);
        if (loser.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            await loser.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "last_administrator");
        }
        else if (loser.StatusCode == HttpStatusCode.Forbidden)
        {
            Assert.Equal("users.manage", (await loser.AssertProblemAsync(HttpStatusCode.Forbidden, "permission_missing")).Extension<string>("permission"));
        }

        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var userManagers = await db.Users
            .Where(user => !user.IsDisabled && user.CustomerId == null
                && db.UserRoles.Any(userRole => userRole.UserId == user.Id
                    && db.RoleClaims.Any(claim => claim.RoleId == userRole.RoleId && claim.ClaimValue == "users.manage")))
            .CountAsync(Cancellation);
        Assert.Equal(1, userManagers);
    }
}

public sealed class LastAdministratorOnSqlite(SqliteApiFixture fixture) : LastAdministratorTests(fixture), IClassFixture<SqliteApiFixture>
{
    /// <summary>
    /// The guard on SQLite relies on the request's transaction taking SQLite's single write lock when it begins
    /// (<c>BEGIN IMMEDIATE</c>, Microsoft.Data.Sqlite's default), so that its reads already come after every other
    /// writer's commit. A deferred transaction would read first and only queue for the lock at its first write.
    /// </summary>
    [Fact]
    public async Task A_state_changing_request_holds_the_write_lock_from_the_start_of_its_transaction()
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        // What StateChange does before it runs a handler.
        await using var transaction = await db.Database.BeginTransactionAsync(Cancellation);

        await using var other = new SqliteConnection(Fixture.ConnectionString);
        await other.OpenAsync(Cancellation);
        await using var command = other.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE;";
        command.CommandTimeout = 1;
        var refused = await Assert.ThrowsAsync<SqliteException>(() => command.ExecuteNonQueryAsync(Cancellation));
        Assert.Equal(5, refused.SqliteErrorCode); // SQLITE_BUSY
    }
}

public sealed class LastAdministratorOnPostgres(PostgresApiFixture fixture) : LastAdministratorTests(fixture), IClassFixture<PostgresApiFixture>;
