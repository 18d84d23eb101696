using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Account;

/// <summary><c>Ordo.Api create-admin --email x</c> with the password in <c>ORDO_ADMIN_PASSWORD</c>, as an operator runs it.</summary>
public sealed class CreateAdminCommandTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-create-admin-").FullName;

    private Dictionary<string, string> Production(string? password)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "ordo.db")}",
        };
        foreach (var (key, value) in TestPiiKeys.EnvironmentVariables)
        {
            environment[key] = value;
        }

        if (password is not null)
        {
            environment["ORDO_ADMIN_PASSWORD"] = password;
        }

        return environment;
    }

    private async Task<(int Code, IReadOnlyCollection<string> StandardError)> RunAsync(string? password, params string[] arguments)
    {
        await using var process = ServiceProcess.Start(_workingDirectory, Production(password), arguments);
        var code = await process.WaitForExitAsync();
        return (code, process.StandardError);
    }

    [Fact]
    public async Task Creates_an_administrator_once_and_refuses_weak_passwords_and_duplicates_with_exit_code_1()
    {
        Assert.Equal(0, (await RunAsync(null, "migrate")).Code);

        var weak = await RunAsync("password1234", "create-admin", "--email", "ops@example.test");
        Assert.Equal(1, weak.Code);
        Assert.Contains(weak.StandardError, line => line.Contains("password_too_common", StringComparison.Ordinal));

        var noPassword = await RunAsync(null, "create-admin", "--email", "ops@example.test");
        Assert.Equal(1, noPassword.Code);
        Assert.Contains(noPassword.StandardError, line => line.Contains("ORDO_ADMIN_PASSWORD", StringComparison.Ordinal));

        var password = TestAuth.NewPassword();
        Assert.Equal(0, (await RunAsync(password, "create-admin", "--email", "ops@example.test")).Code);

        var duplicate = await RunAsync(password, "create-admin", "--email", "OPS@example.test");
        Assert.Equal(1, duplicate.Code);
        Assert.Contains(duplicate.StandardError, line => line.Contains("already exists", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
