using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>The service as a new user and an operator meet it: a real process, its exit codes, its stdout.</summary>
public sealed class ServiceProcessTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-process-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_run_creates_the_SQLite_file_migrates_and_is_ready_and_a_restart_keeps_the_data()
    {
        var development = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
        var databaseFile = Path.Combine(_workingDirectory, "data", "ordo.db");

        await using (var first = ServiceProcess.Start(_workingDirectory, development, "--urls", "http://127.0.0.1:0"))
        {
            using var client = new HttpClient { BaseAddress = await first.WaitUntilListeningAsync() };
            var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready", Cancellation);
            Assert.Equal("Healthy", ready.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/", Cancellation)).StatusCode);

            // Development logs one readable line per entry (JSON is for the other environments, where machines read
            // the logs); requests leave one completion line each.
            Assert.All(first.StandardOutput, line => Assert.Matches(@"^\d{2}:\d{2}:\d{2}\.\d{3} (trce|dbug|info|warn|fail|crit): \S", line));
            Assert.Contains(first.StandardOutput, line => line.Contains("\"RequestCompleted\"", StringComparison.Ordinal)
                || line.Contains("/health/ready responded 200", StringComparison.Ordinal));
        }

        Assert.True(File.Exists(databaseFile), "The SQLite database file is created under ./data/.");
        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databaseFile};Pooling=False");
        await sqlite.OpenAsync(Cancellation);
        await using (var mark = sqlite.CreateCommand())
        {
            mark.CommandText = "CREATE TABLE restart_marker (value TEXT); INSERT INTO restart_marker VALUES ('kept');";
            await mark.ExecuteNonQueryAsync(Cancellation);
        }

        await using (var second = ServiceProcess.Start(_workingDirectory, development, "--urls", "http://127.0.0.1:0"))
        {
            using var client = new HttpClient { BaseAddress = await second.WaitUntilListeningAsync() };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Cancellation)).StatusCode);
            Assert.DoesNotContain(second.StandardOutput, line => line.Contains("1 migration(s) applied", StringComparison.Ordinal));
        }

        await using var check = sqlite.CreateCommand();
        check.CommandText = "SELECT value FROM restart_marker";
        Assert.Equal("kept", await check.ExecuteScalarAsync(Cancellation));
    }

    [Fact]
    public async Task Migrate_command_applies_migrations_and_exits_zero_then_Production_serves_ready()
    {
        var production = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "prod", "ordo.db")}",
        };
        foreach (var (key, value) in TestPiiKeys.EnvironmentVariables)
        {
            production[key] = value;
        }


        await using (var beforeMigrate = ServiceProcess.Start(_workingDirectory, production, "--urls", "http://127.0.0.1:0"))
        {
            using var client = new HttpClient { BaseAddress = await beforeMigrate.WaitUntilListeningAsync() };
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready", Cancellation)).StatusCode);
        }

        await using (var migrate = ServiceProcess.Start(_workingDirectory, production, "migrate"))
        {
            Assert.Equal(0, await migrate.WaitForExitAsync());
        }

        await using var served = ServiceProcess.Start(_workingDirectory, production, "--urls", "http://127.0.0.1:0");
        using var readyClient = new HttpClient { BaseAddress = await served.WaitUntilListeningAsync() };
        Assert.Equal(HttpStatusCode.OK, (await readyClient.GetAsync("/health/ready", Cancellation)).StatusCode);
    }

    [Theory]
    [InlineData("Database__Provider", "Oracle", "Database:Provider")]
    [InlineData("ConnectionStrings__Ordo", "Data Source=x.db;Bogus Key=1", "ConnectionStrings:Ordo")]
    [InlineData("Http__MaxRequestBodyBytes", "12", "Http:MaxRequestBodyBytes")]
    [InlineData("Auth__Issuer", "", "Auth:Issuer is required outside Development")]
    [InlineData("Auth__Issuer", "/relative/", "Auth:Issuer is required outside Development")]
    [InlineData("Auth__Issuer", "https://shop.example/ordo/", "at the root of its host")]
    [InlineData("Auth__Issuer", "https://shop.example/?tenant=1", "without user info, query or fragment")]
    [InlineData("Auth__Issuer", "https://shop.example/#top", "without user info, query or fragment")]
    [InlineData("Auth__Issuer", "https://ops:secret@shop.example/", "without user info, query or fragment")]
    [InlineData("Auth__Issuer", "ftp://shop.example/", "without user info, query or fragment")]
    [InlineData("Proxy__KnownProxies__0", "proxy.example", "Proxy:KnownProxies must list IP addresses ('proxy.example'")]
    [InlineData("Proxy__KnownNetworks__0", "10.0.0.0/33", "Proxy:KnownNetworks must list networks in CIDR notation")]
    public async Task Invalid_configuration_stops_with_one_line_naming_the_setting(string variable, string value, string setting)
    {
        var exitCode = await RunToExitAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", [variable] = value });

        Assert.Equal(2, exitCode.Code);
        var line = Assert.Single(exitCode.StandardError);
        Assert.StartsWith("Configuration error:", line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.Empty(exitCode.StandardOutput); // no JSON log of the same failure with a stack trace before it
    }

    [Fact]
    public async Task Without_migrating_on_start_an_unmigrated_database_is_served_but_neither_set_up_nor_seeded()
    {
        var development = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "unmigrated.db")}",
            ["Database__MigrateOnStartup"] = "false",
            ["Seed__OnEmptyDatabase"] = "true",
        };
        await using var service = ServiceProcess.Start(_workingDirectory, development, "--urls", "http://127.0.0.1:0");
        using var client = new HttpClient { BaseAddress = await service.WaitUntilListeningAsync() };

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready", Cancellation)).StatusCode);
        Assert.Single(service.StandardOutput, line => line.Contains("Migrations are pending; roles, the admin client and the bootstrap admin are set up after", StringComparison.Ordinal));
        Assert.Single(service.StandardOutput, line => line.Contains("Seed:OnEmptyDatabase is on but migrations are pending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bootstrap_password_the_rules_refuse_stops_with_one_line_and_no_stack_trace()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "bootstrap.db")}",
            ["Database__MigrateOnStartup"] = "true",
            ["Bootstrap__AdminEmail"] = "owner@ordo.test",
            ["Bootstrap__AdminPassword"] = "short",
        };
        foreach (var (key, value) in TestPiiKeys.EnvironmentVariables)
        {
            environment[key] = value;
        }

        var result = await RunToExitAsync(environment);

        Assert.Equal(2, result.Code);
        var line = Assert.Single(result.StandardError);
        Assert.StartsWith("Configuration error: Bootstrap:AdminPassword", line, StringComparison.Ordinal);
        Assert.DoesNotContain(result.StandardOutput, output => output.Contains("Exception", StringComparison.Ordinal) || output.Contains("\\n   at ", StringComparison.Ordinal));
        Assert.DoesNotContain(result.StandardOutput, output => output.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || output.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_refused()
    {
        var result = await RunToExitAsync(new Dictionary<string, string> { ["Database__Provider"] = "Postgres" });

        Assert.Equal(2, result.Code);
        Assert.Contains("ConnectionStrings:Ordo is required", Assert.Single(result.StandardError), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_Postgres_connection_string_is_refused()
    {
        var result = await RunToExitAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Ordo"] = "Host=db;NoSuchKeyword=1",
        });

        Assert.Equal(2, result.Code);
        Assert.Contains("ConnectionStrings:Ordo is malformed", Assert.Single(result.StandardError), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_only_values_are_refused_in_Production()
    {
        var result = await RunToExitAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Some__Secret"] = "DEVELOPMENT-ONLY-not-a-real-secret",
        });

        Assert.Equal(2, result.Code);
        Assert.Contains("Some:Secret", Assert.Single(result.StandardError), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private async Task<(int Code, IReadOnlyCollection<string> StandardError, IReadOnlyCollection<string> StandardOutput)> RunToExitAsync(
        Dictionary<string, string> environment)
    {
        environment.TryAdd("ASPNETCORE_ENVIRONMENT", "Production");
        await using var process = ServiceProcess.Start(_workingDirectory, environment, "--urls", "http://127.0.0.1:0");
        var code = await process.WaitForExitAsync();
        return (code, process.StandardError, process.StandardOutput);
    }
}
