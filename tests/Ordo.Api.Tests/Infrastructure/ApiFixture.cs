using Npgsql;

namespace Ordo.Api.Tests.Infrastructure;

/// <summary>One running service on one fresh database, shared by the tests of a class.</summary>
public abstract class ApiFixture : IAsyncLifetime
{
    private OrdoApiFactory? _factory;

    public abstract string Provider { get; }

    /// <summary>Why the suite can't run here (then its tests are skipped), or null.</summary>
    public string? UnavailableReason { get; protected set; }

    public OrdoApiFactory Factory => _factory ?? throw new InvalidOperationException("Fixture not initialised.");

    public string ConnectionString { get; private set; } = "";

    /// <summary>A client signed in as the bootstrap administrator (every permission).</summary>
    public HttpClient CreateClient() => Factory.CreateClientFor(TestAuth.AdminEmail, TestAuth.AdminPassword);

    public HttpClient CreateAnonymousClient() => Factory.CreateAnonymousClient();

    public virtual async ValueTask InitializeAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        if (connectionString is null)
        {
            return;
        }

        ConnectionString = connectionString;
        _factory = new OrdoApiFactory(Provider, connectionString, Settings, ConfigureServices);
        Start(_factory);
    }

    /// <summary>Starts the host: validates options and applies migrations.</summary>
    protected virtual void Start(OrdoApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (RealServer)
        {
            factory.StartKestrel(); // clients created from the factory then talk to it over loopback TCP
        }
        else
        {
            _ = factory.Server;
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await DropDatabaseAsync();
        GC.SuppressFinalize(this);
    }

    public void SkipWhenUnavailable()
    {
        if (UnavailableReason is not null)
        {
            Assert.Skip(UnavailableReason);
        }
    }

    /// <summary>
    /// Serve through Kestrel on a free loopback port instead of the in-memory test server, for suites about what only
    /// the real web server does (connection handling, raw header bytes, bodies it refuses to send).
    /// </summary>
    protected virtual bool RealServer => false;

    /// <summary>Settings on top of the test defaults, for suites about other configurations (e.g. MFA enforced).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Extra test services for suites that observe the service from inside (e.g. database interceptors).</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    protected abstract Task<string?> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();
}

public class SqliteApiFixture : ApiFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ordo-tests", Guid.NewGuid().ToString("N"));

    public override string Provider => "Sqlite";

    protected override Task<string?> CreateDatabaseAsync() =>
        Task.FromResult<string?>($"Data Source={Path.Combine(_directory, "ordo.db")}");

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A fresh database per fixture on the server named by <c>ORDO_TEST_POSTGRES</c> (a connection string for a role
/// that may create databases). Without it the suite is skipped, except under CI (<c>CI=true</c>), where it fails.
/// </summary>
public class PostgresApiFixture : ApiFixture
{
    public const string ServerVariable = "ORDO_TEST_POSTGRES";
    private string? _adminConnectionString;
    private string? _databaseName;

    public override string Provider => "Postgres";

    public static string? AdminConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"CI=true but {ServerVariable} is not set: the PostgreSQL suite must run in CI (see .ci/run).");
        }

        return null;
    }

    protected override async Task<string?> CreateDatabaseAsync()
    {
        _adminConnectionString = AdminConnectionString();
        if (_adminConnectionString is null)
        {
            UnavailableReason =
                $"PostgreSQL suite skipped: set {ServerVariable} to a connection string of a role with CREATEDB " +
                "(e.g. 'Host=127.0.0.1;Username=ordo_test;Password=ordo_test;Database=postgres') to run it.";
            TestContext.Current.SendDiagnosticMessage(UnavailableReason);
            return null;
        }

        _databaseName = "ordo_test_" + Guid.NewGuid().ToString("N");
        var connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _databaseName }.ConnectionString;
        if (ServiceCreatesTheDatabase)
        {
            return connectionString;
        }

        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_databaseName}\"", connection);
        await create.ExecuteNonQueryAsync();
        return connectionString;
    }

    /// <summary>Whether the database is left for the service to create on its first start (as the SQLite file is).</summary>
    protected virtual bool ServiceCreatesTheDatabase => false;

    protected override async Task DropDatabaseAsync()
    {
        if (_adminConnectionString is null || _databaseName is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (attempt < 10 && ex.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                // FORCE can't terminate a backend that is still authenticating (it has no role yet), e.g. a pooled
                // connection the stopping service was opening; it is gone a moment later.
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
