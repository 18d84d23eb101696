using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// An orchestrator may stop an instance at any moment, also while it is still starting (a rolling update overtaken by
/// the next one). That is a normal stop: exit code 0, no crash, no unhandled exception in the output.
/// </summary>
public sealed class StopWhileStartingTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-stop-").FullName;

    [Fact]
    public async Task A_stop_requested_while_the_service_is_still_starting_ends_it_cleanly()
    {
        var development = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "ordo.db")}",
            // Seeding the empty database takes seconds after the migrations: the stop arrives in the middle of start-up.
            ["Seed__OnEmptyDatabase"] = "true",
        };
        await using var service = ServiceProcess.Start(_workingDirectory, development, "--urls", "http://127.0.0.1:0");
        await service.WaitForOutputAsync(line => line.Contains("migrated", StringComparison.Ordinal));

        service.Terminate();
        var exitCode = await service.WaitForExitAsync();

        var output = string.Join('\n', service.StandardOutput.Concat(service.StandardError));
        Assert.DoesNotContain("Now listening on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_workingDirectory, recursive: true);
    }
}
