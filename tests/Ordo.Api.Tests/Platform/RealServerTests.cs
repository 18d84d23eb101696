using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Tests.Administration;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

public sealed class SqliteKestrelFixture : SqliteApiFixture
{
    protected override bool RealServer => true;
}

public sealed class PostgresKestrelFixture : PostgresApiFixture
{
    protected override bool RealServer => true;
}

/// <summary>What only the real web server shows: bodies it refuses to send, connections it closes.</summary>
public abstract class RealServerTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private FakeLogCollector Logs => Fixture.Factory.Services.GetRequiredService<FakeLogCollector>();

    [Fact]
    public async Task Every_204_from_a_state_change_and_its_replay_completes_cleanly_without_an_error_log()
    {
        var (roleId, _) = await AdminTestSupport.CreateRoleAsync(Client, "catalog.read");
        var created = await Client.SendPostAsync("/api/v1/clients", new { displayName = "Short-lived", scopes = new[] { "catalog.read" } });
        var clientId = (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("clientId").GetString();
        var (userId, _, _) = await AdminTestSupport.CreateStaffAsync(Client, "warehouse");
        Logs.Clear();

        foreach (var url in new[] { $"/api/v1/roles/{roleId}", $"/api/v1/clients/{clientId}", $"/api/v1/users/{userId}/sessions", $"/api/v1/users/{userId}/mfa" })
        {
            var key = Guid.NewGuid().ToString();
            foreach (var attempt in new[] { "first", "replay" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, url);
                request.Headers.Add("Idempotency-Key", key);

                using var response = await Client.SendAsync(request, Cancellation);

                Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"DELETE {url} ({attempt}) answered {(int)response.StatusCode}");
                Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancellation));
                Assert.NotEqual(true, response.Headers.ConnectionClose);
                Assert.Equal(attempt == "replay", response.Headers.Contains("Idempotent-Replayed"));
            }
        }

        Assert.DoesNotContain(Logs.GetSnapshot(), record => record.Level >= LogLevel.Error);
    }
}

public sealed class RealServerOnSqlite(SqliteKestrelFixture fixture) : RealServerTests(fixture), IClassFixture<SqliteKestrelFixture>;

public sealed class RealServerOnPostgres(PostgresKestrelFixture fixture) : RealServerTests(fixture), IClassFixture<PostgresKestrelFixture>;
