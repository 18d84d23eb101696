using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Platform;

namespace Ordo.Api.Tests.ScaleOut;

/// <summary>
/// <c>deploy/local/up</c> run as an operator would: two instances of the built service behind nginx, on a fresh
/// PostgreSQL database reached through a <see cref="DatabaseRelay"/> (so a test can cut it, as a restart would) and a
/// Redis server of its own (so a test can stop it without disturbing other suites).
/// </summary>
public sealed class LocalTopologyFixture : IAsyncLifetime
{
    /// <summary>The topology suites run one after the other: each starts two instances, nginx and Redis of its own.</summary>
    public const string Collection = "Local topology";

    private readonly string _state = Path.Combine(Path.GetTempPath(), "ordo-topology-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _database = "ordo_topology_" + Guid.NewGuid().ToString("N")[..12];
    private string? _admin;
    private Process? _redis;
    private bool _disposed;

    public DatabaseRelay Relay { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The database as the instances see it, for checks that read it directly (not through the relay).</summary>
    public string DirectConnectionString { get; private set; } = "";

    public string AdminPassword { get; private set; } = "";

    /// <summary>Why the suite can't run here (then its tests are skipped), or null.</summary>
    public string? UnavailableReason { get; private set; }

    public void SkipWhenUnavailable()
    {
        if (UnavailableReason is not null)
        {
            Assert.Skip(UnavailableReason);
        }
    }

    public async ValueTask InitializeAsync()
    {
        _admin = PostgresApiFixture.AdminConnectionString();
        var redisServer = FindOnPath("redis-server");
        if (_admin is null || redisServer is null || NginxProxy.FindBinary() is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("CI=true but nginx or redis-server is missing: the topology suite must run in CI (see .ci/run).");
            }

            UnavailableReason = $"Topology suite skipped: it needs nginx, redis-server and PostgreSQL ({PostgresApiFixture.ServerVariable}).";
            _admin = null;
            return;
        }

        try
        {
            await StartAsync(redisServer);
        }
        catch
        {
            await DisposeAsync(); // whatever started is stopped: no instance, nginx or Redis outlives a failed start
            throw;
        }
    }

    private async Task StartAsync(string redisServer)
    {
        await using (var admin = new NpgsqlConnection(_admin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        DirectConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;
        Relay = new DatabaseRelay(DirectConnectionString);
        var throughRelay = new NpgsqlConnectionStringBuilder(DirectConnectionString) { Host = "127.0.0.1", Port = Relay.Port }.ConnectionString;

        var redisPort = FreePort();
        _redis = Process.Start(new ProcessStartInfo(redisServer, $"--bind 127.0.0.1 --port {redisPort} --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _redis.BeginOutputReadLine();

        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var up = await RunAsync("up", new Dictionary<string, string>
        {
            ["ORDO_LOCAL_POSTGRES"] = throughRelay,
            ["ORDO_LOCAL_REDIS"] = $"127.0.0.1:{redisPort}",
            ["ORDO_LOCAL_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ORDO_LOCAL_INSTANCE_PORTS"] = $"{FreePort()} {FreePort()}",
            ["ORDO_LOCAL_APP"] = Path.Combine(AppContext.BaseDirectory, "Ordo.Api.dll"),
            // The suites below place orders as fast as they can, for few customers, from one address.
            ["RateLimits__Api__PermitLimit"] = "1000000",
            ["RateLimits__Api__IpPermitLimit"] = "1000000",
            ["RateLimits__PlaceOrder__PermitLimit"] = "1000000",
            ["RateLimits__PlaceOrder__IpPermitLimit"] = "1000000",
            ["RateLimits__Token__IpPermitLimit"] = "1000000",
            ["Orders__MaxOpenUnpaidOrders"] = "10000",
            ["Orders__Currencies__EUR__MaxReservedValue"] = "10000000000000",
            // The webhook suite's receiver listens on loopback over plain HTTP.
            ["Webhooks__AllowHttp"] = "true",
            ["Webhooks__AllowedNetworks__0"] = "127.0.0.0/8",
        });
        Assert.True(up.ExitCode == 0, "deploy/local/up failed:\n" + up.Output);
        AdminPassword = File.ReadAllLines(Path.Combine(_state, "secrets.env"))
            .Single(line => line.StartsWith("Bootstrap__AdminPassword=", StringComparison.Ordinal)).Split('=', 2)[1];
    }

    /// <summary>What instance N (1 or 2) has written to its standard output: one JSON line per log entry.</summary>
    public string InstanceLog(int instance)
    {
        using var reader = new StreamReader(new FileStream(Path.Combine(_state, $"instance-{instance}.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    public async Task KillInstanceAsync(int instance)
    {
        var killed = await RunAsync("kill-instance", new Dictionary<string, string>(), instance.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(killed.ExitCode == 0, killed.Output);
    }

    public void StopRedis()
    {
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            _redis.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (UnavailableReason is not null || _disposed)
        {
            return;
        }

        _disposed = true;
        await RunAsync("down", new Dictionary<string, string>());
        StopRedis();
        _redis?.Dispose();
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        if (_admin is not null)
        {
            await using var admin = new NpgsqlConnection(_admin);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string script, Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryFiles.Root, "deploy", "local", script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test run's own environment must not leak into the service under test.
        foreach (var key in start.Environment.Keys.Where(key => key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("ORDO_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ORDO_LOCAL_STATE"] = _state;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output + await error + Logs());
    }

    private string Logs() =>
        string.Join('\n', Directory.Exists(_state) ? Directory.GetFiles(_state, "*.log").Select(file => $"--- {Path.GetFileName(file)}\n{File.ReadAllText(file)}") : []);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
}
