namespace Ordo.Api.Tests.Infrastructure;

/// <summary>
/// The built service as <c>dotnet run --project src/Ordo.Api</c> starts it: Development, its own
/// <c>appsettings.Development.json</c> (development admin, password grant, registered redirect URIs), a fresh SQLite
/// file, seeded like a developer's. Only the address differs: a free loopback port instead of 5080.
/// </summary>
public sealed class DevelopmentService : IAsyncLifetime
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-development-").FullName;
    private ServiceProcess? _process;

    public Uri BaseUri { get; private set; } = null!;

    public string WorkingDirectory => _workingDirectory;

    public async ValueTask InitializeAsync()
    {
        _process = ServiceProcess.Start(_workingDirectory, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Auth__Issuer"] = "", // unset, as under `dotnet run`: the issuer is the URL each request used
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "ordo.db")}",
        }, "--urls", "http://127.0.0.1:0");
        BaseUri = await _process.WaitUntilListeningAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_workingDirectory, recursive: true);
    }
}
