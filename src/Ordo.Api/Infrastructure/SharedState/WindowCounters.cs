using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Ordo.Api.Infrastructure.SharedState;

/// <summary>One counted request: whether it fits the limit, what is left and when the window starts again.</summary>
public readonly record struct WindowHit(bool Allowed, int Limit, int Remaining, TimeSpan ResetAfter);

/// <summary>
/// Fixed-window counters for rate limits. With Redis every instance counts in the same window (one <c>INCR</c> per
/// request, atomically with the window's expiry, on Redis's own clock); without it, or while Redis is out of reach,
/// each instance counts alone, so a limit then holds per instance (it fails open to N× the limit, never shut).
/// </summary>
public sealed partial class WindowCounters(SharedRedis redis, TimeProvider clock, ILogger<WindowCounters> logger)
{
    // Counts, and starts the window's expiry on the first hit; PTTL repairs a key left without one.
    private const string HitScript = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return { count, ttl }
        """;

    private static readonly TimeSpan RedisRetryDelay = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Window> _local = new(StringComparer.Ordinal);
    private long _redisSkippedUntil;
    private long _lastSweep;

    public async ValueTask<WindowHit> HitAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (redis.Enabled && clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _redisSkippedUntil))
        {
            try
            {
                var database = (await redis.ConnectAsync().WaitAsync(cancellationToken)).GetDatabase();
                var result = (RedisResult[])(await database.ScriptEvaluateAsync(
                    HitScript, [new RedisKey($"{redis.KeyPrefix}:rl:{key}")], [(long)window.TotalMilliseconds]))!;
                var count = (long)result[0];
                return Hit(count, limit, TimeSpan.FromMilliseconds((long)result[1]));
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                Interlocked.Exchange(ref _redisSkippedUntil, (clock.GetUtcNow() + RedisRetryDelay).UtcTicks);
                LogRedisUnavailable(logger, exception, RedisRetryDelay.TotalSeconds);
            }
        }

        return HitLocally(key, limit, window);
    }

    private WindowHit HitLocally(string key, int limit, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        SweepNow(now);
        var entry = _local.GetOrAdd(key, _ => new Window(now + window));
        long count;
        DateTimeOffset ends;
        lock (entry)
        {
            if (now >= entry.Ends)
            {
                entry.Ends = now + window;
                entry.Count = 0;
            }

            count = ++entry.Count;
            ends = entry.Ends;
        }

        return Hit(count, limit, ends - now);
    }

    private static WindowHit Hit(long count, int limit, TimeSpan resetAfter) =>
        new(count <= limit, limit, (int)Math.Max(0, limit - count), resetAfter < TimeSpan.Zero ? TimeSpan.Zero : resetAfter);

    /// <summary>Forgets ended windows once a minute, so keys seen once do not stay in memory.</summary>
    private void SweepNow(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (now.UtcTicks - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _local)
        {
            if (now >= entry.Ends)
            {
                _local.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is out of reach; rate limits count on this instance alone for the next {Seconds} s.")]
    private static partial void LogRedisUnavailable(ILogger logger, Exception exception, double seconds);

    private sealed class Window(DateTimeOffset ends)
    {
        public DateTimeOffset Ends { get; set; } = ends;

        public long Count { get; set; }
    }
}
