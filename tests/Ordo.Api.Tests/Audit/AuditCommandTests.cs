using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Audit;

/// <summary><c>Ordo.Api audit-verify</c> and <c>audit-checkpoint</c>, as an operator (or a scheduler) runs them.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-audit-command-").FullName;

    private string DatabasePath => Path.Combine(_workingDirectory, "ordo.db");

    private Dictionary<string, string> Production()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Ordo"] = $"Data Source={DatabasePath}",
            ["Audit__CheckpointKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in TestPiiKeys.EnvironmentVariables)
        {
            environment[key] = value;
        }

        return environment;
    }

    private async Task<(int Code, IReadOnlyCollection<string> StandardOutput)> RunAsync(params string[] arguments)
    {
        await using var process = ServiceProcess.Start(_workingDirectory, Production(), arguments);
        var code = await process.WaitForExitAsync();
        return (code, process.StandardOutput);
    }

    [Fact]
    public async Task Verify_exits_0_on_an_intact_chain_and_1_naming_the_first_broken_entry_and_checkpoint_prints_the_signed_head()
    {
        Assert.Equal(0, (await RunAsync("migrate")).Code);

        var intact = await RunAsync("audit-verify");
        Assert.Equal(0, intact.Code);
        Assert.Contains(intact.StandardOutput, line => line.Contains("Audit chain intact: 0 entries", StringComparison.Ordinal));
        var checkpoint = await RunAsync("audit-checkpoint");
        Assert.Equal(0, checkpoint.Code);
        Assert.Contains(checkpoint.StandardOutput, line => line.Contains("Audit checkpoint: sequence 0, head hash " + new string('0', 64), StringComparison.Ordinal));

        // An entry forged straight into the file: its hash doesn't follow the chain.
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var forge = connection.CreateCommand();
            forge.CommandText = $"""
                INSERT INTO audit_entries (id, sequence, occurred_at, actor, action, resource_type, outcome, previous_hash, hash)
                VALUES ('{Guid.NewGuid()}', 1, 0, 'forger', 'order.paid', 'order', 'succeeded', '{new string('0', 64)}', '{new string('a', 64)}')
                """;
            await forge.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        SqliteConnection.ClearAllPools();
        var broken = await RunAsync("audit-verify");
        Assert.Equal(1, broken.Code);
        Assert.Contains(broken.StandardOutput, line => line.Contains("Audit chain broken at entry 1 (hash_mismatch)", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temporary directory is harmless
        }
    }
}
