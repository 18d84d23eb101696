using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// A loopback TCP relay in front of the test PostgreSQL server that can be cut: the service then finds its database
/// unreachable, as when the server restarts or the network drops, and finds it again when the relay reopens.
/// </summary>
public sealed class DatabaseRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _open = [];
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stopped = new();
    private volatile bool _cut;

    public DatabaseRelay(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        (_host, _port) = (builder.Host!, builder.Port);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Drops every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            _open.ForEach(client => client.Dispose());
            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync();
        _listener.Stop();
        Cut();
        _stopped.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopped.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stopped.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_cut)
            {
                inbound.Dispose();
                continue;
            }

            var outbound = new TcpClient();
            await outbound.ConnectAsync(_host, _port);
            lock (_open)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PipeAsync(inbound, outbound);
            _ = PipeAsync(outbound, inbound);
        }
    }

    private static async Task PipeAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The relay was cut, or one side closed.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}

/// <summary>The PostgreSQL fixture, reached through a <see cref="DatabaseRelay"/>.</summary>
public sealed class PostgresBehindRelay : PostgresApiFixture
{
    public DatabaseRelay? Relay { get; private set; }

    protected override async Task<string?> CreateDatabaseAsync()
    {
        var direct = await base.CreateDatabaseAsync();
        if (direct is null)
        {
            return null;
        }

        Relay = new DatabaseRelay(direct);
        return new NpgsqlConnectionStringBuilder(direct) { Host = "127.0.0.1", Port = Relay.Port, Timeout = 3 }.ConnectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        await base.DropDatabaseAsync();
    }
}

/// <summary>While the database is unreachable the API answers 503 with Retry-After, not 500, and recovers by itself.</summary>
public sealed class DatabaseOutageTests(PostgresBehindRelay fixture) : ProviderTests(fixture), IClassFixture<PostgresBehindRelay>
{
    [Fact]
    public async Task While_the_database_is_unreachable_requests_get_503_with_Retry_After_and_service_resumes_when_it_is_back()
    {
        var relay = fixture.Relay!;
        (await Client.GetAsync("/api/v1/products", Cancellation)).EnsureSuccessStatusCode();
        // A token whose holder the service has not looked up yet: checking it needs the database.
        var email = $"staff-{Guid.NewGuid():N}@ordo.test";
        var password = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(fixture.Factory.Services, email, password, ["support"]);
        var uncheckedToken = (await TestAuth.PasswordGrantAsync(fixture.CreateAnonymousClient(), email, password, cancellationToken: Cancellation)).AccessToken;
        var logs = fixture.Factory.Services.GetRequiredService<Microsoft.Extensions.Logging.Testing.FakeLogCollector>();
        logs.Clear();

        relay.Cut();
        NpgsqlConnection.ClearAllPools();
        using var down = await Client.GetAsync("/api/v1/products", Cancellation);
        using var uncheckedRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products") { Headers = { Authorization = new("Bearer", uncheckedToken) } };
        using var downWhileCheckingToken = await fixture.CreateAnonymousClient().SendAsync(uncheckedRequest, Cancellation);

        await downWhileCheckingToken.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database_unavailable");
        // EF Core logs the failed connection itself; the bearer handler must not add an error for a token it could not check.
        Assert.DoesNotContain(logs.GetSnapshot(), record =>
            record.Level >= Microsoft.Extensions.Logging.LogLevel.Error && record.Category!.Contains("JwtBearer", StringComparison.Ordinal));

        var problem = await down.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(5), down.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("127.0.0.1", problem.ToString(), StringComparison.Ordinal);
        // A change's Idempotency-Key claim is part of its transaction, so it holds nothing after the outage.
        using var change = await Client.SendPostAsync(
            "/api/v1/products", new { sku = HttpJson.Unique("OUT"), name = "Outage", unitPrice = new { amount = 100, currency = "EUR" }, initialStock = 1 });
        await change.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(5), change.Headers.RetryAfter?.Delta);

        relay.Restore();
        (await Client.GetAsync("/api/v1/products", Cancellation)).EnsureSuccessStatusCode();
    }
}

/// <summary>The PostgreSQL fixture with a pool of three connections, so that a test can hold all of them.</summary>
public sealed class PostgresWithSmallPool : PostgresApiFixture
{
    public const int PoolSize = 3;

    protected override async Task<string?> CreateDatabaseAsync() =>
        await base.CreateDatabaseAsync() is { } direct
            ? new NpgsqlConnectionStringBuilder(direct) { MaxPoolSize = PoolSize }.ConnectionString
            : null;
}

/// <summary>
/// A slow query holding every pooled connection: requests answer 503 after <c>Database:ConnectionTimeout</c> (5 s by
/// default) instead of queueing for Npgsql's 15 s and then failing with a 500.
/// </summary>
public sealed class PoolExhaustionTests(PostgresWithSmallPool fixture) : ProviderTests(fixture), IClassFixture<PostgresWithSmallPool>
{
    [Fact]
    public async Task With_every_connection_held_requests_get_503_within_the_connection_timeout_and_recover_after()
    {
        (await Client.GetAsync("/api/v1/products", Cancellation)).EnsureSuccessStatusCode();
        var pooled = fixture.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Ordo.Api.Infrastructure.Configuration.DatabaseOptions>>()
            .Value.EffectiveConnectionString;
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(pooled).Timeout);
        var held = new List<NpgsqlConnection>();
        try
        {
            // Same connection string, same pool: these take every connection the service has.
            for (var i = 0; i < PostgresWithSmallPool.PoolSize; i++)
            {
                var connection = new NpgsqlConnection(pooled);
                await connection.OpenAsync(Cancellation);
                held.Add(connection);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var exhausted = await Client.GetAsync("/api/v1/products", Cancellation);
            clock.Stop();

            await exhausted.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "database_unavailable");
            Assert.Equal(TimeSpan.FromSeconds(5), exhausted.Headers.RetryAfter?.Delta);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"The request waited {clock.Elapsed.TotalSeconds:F1} s, as long as the driver's default.");
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        (await Client.GetAsync("/api/v1/products", Cancellation)).EnsureSuccessStatusCode();
    }
}
