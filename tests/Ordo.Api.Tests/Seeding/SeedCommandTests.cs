using Ordo.Api.Seeding;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Seeding;

/// <summary>The <c>seed</c> command as an operator runs it: a real process, its exit code and its one line of output.</summary>
public sealed class SeedCommandTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-seed-process-").FullName;

    private Dictionary<string, string> Environment => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "ordo.db")}",
    };

    [Theory]
    [InlineData("--orders", "many", "--orders must be a whole number")]
    [InlineData("--products", "-3", "--products must be a whole number")]
    [InlineData("--colour", "blue", "unknown option '--colour'")]
    [InlineData("--orders", "100000001", "--orders must be from 0 to 100,000,000")]
    public async Task Bad_arguments_stop_with_exit_code_64_and_one_line_on_stderr(string option, string value, string expected)
    {
        await using var process = ServiceProcess.Start(_workingDirectory, Environment, "seed", option, value);

        Assert.Equal(SeedCommand.UsageExitCode, await process.WaitForExitAsync());
        var line = Assert.Single(process.StandardError);
        Assert.StartsWith("seed: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_workingDirectory, "ordo.db")), "Nothing is created before the arguments are understood.");
    }

    [Fact]
    public async Task Seed_migrates_fills_the_database_and_refuses_to_seed_it_twice()
    {
        await using (var first = ServiceProcess.Start(_workingDirectory, Environment, "seed", "--products", "5", "--customers=5", "--orders", "40"))
        {
            Assert.Equal(0, await first.WaitForExitAsync());
            Assert.Contains(
                first.StandardOutput,
                line => line.StartsWith("Seeded 5 products, 5 customers and 40 orders", StringComparison.Ordinal) && line.Contains("orders/s", StringComparison.Ordinal));
        }

        await using var second = ServiceProcess.Start(_workingDirectory, Environment, "seed", "--orders", "1");
        Assert.Equal(SeedCommand.NotEmptyExitCode, await second.WaitForExitAsync());
        Assert.Contains(second.StandardError, line => line.Contains("already has products and customers and orders", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_workingDirectory, recursive: true);
    }
}
