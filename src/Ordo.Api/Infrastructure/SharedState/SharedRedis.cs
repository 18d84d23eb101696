using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ordo.Api.Infrastructure.SharedState;

/// <summary>
/// The one Redis connection the cache, its backplane and the rate-limit counters share. It never blocks start-up or a
/// request on an absent server: it connects in the background, reconnects by itself, and while it is down every
/// command fails at once (no backlog) so that callers fall back to what they can do alone.
/// </summary>
public sealed class SharedRedis(IOptions<RedisOptions> options) : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection = new(() => ConnectCoreAsync(options.Value));

    public bool Enabled => options.Value.Enabled;

    public string KeyPrefix => options.Value.KeyPrefix;

    public Task<IConnectionMultiplexer> ConnectAsync() => _connection.Value;

    private static async Task<IConnectionMultiplexer> ConnectCoreAsync(RedisOptions options)
    {
        var connectionString = options.ConnectionString
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set.");
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        // Short unless the connection string says otherwise: a limiter or cache that waits seconds is worse than none.
        if (!Names(connectionString, "connectTimeout"))
        {
            configuration.ConnectTimeout = 2_000;
        }

        if (!Names(connectionString, "asyncTimeout"))
        {
            configuration.AsyncTimeout = 1_000;
        }

        if (!Names(connectionString, "syncTimeout"))
        {
            configuration.SyncTimeout = 1_000;
        }

        return await ConnectionMultiplexer.ConnectAsync(configuration);
    }

    private static bool Names(string connectionString, string key) =>
        connectionString.Contains(key + "=", StringComparison.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync();
        }
    }
}
