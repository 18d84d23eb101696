using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>The PII encryption keys are a required secret: an operator who forgets them gets a refusal, not a service.</summary>
public sealed class PiiConfigurationProcessTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-pii-process-").FullName;

    [Fact]
    public async Task Production_without_PII_keys_stops_with_one_line_naming_the_missing_settings()
    {
        var production = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "ordo.db")}",
        };

        await using var process = ServiceProcess.Start(_workingDirectory, production, "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, await process.WaitForExitAsync());
        var line = Assert.Single(process.StandardError);
        Assert.StartsWith("Configuration error:", line, StringComparison.Ordinal);
        Assert.Contains("Pii:Keys", line, StringComparison.Ordinal);
        Assert.Contains("Pii:ActiveKeyId", line, StringComparison.Ordinal);
        Assert.Contains("Pii:BlindIndexKey", line, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_workingDirectory, recursive: true);
    }
}
