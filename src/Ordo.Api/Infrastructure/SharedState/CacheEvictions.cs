using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane;

namespace Ordo.Api.Infrastructure.SharedState;

/// <summary>
/// Counts the evictions this instance has seen, its own and (through the backplane) other instances'. A read that
/// overlapped one may have fetched the state from before the change, and would otherwise put it back into the cache
/// after the eviction: such a result is served to its callers but not cached.
/// </summary>
public sealed class CacheEvictions
{
    private long _seen;

    public CacheEvictions(IFusionCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        // Entries set elsewhere are not evictions; removals are, and so is a tag removal, which FusionCache publishes
        // as a change of its own internal tag entry.
        cache.Events.Backplane.MessageReceived += (_, received) =>
        {
            if (received.Message.Action == BackplaneMessageAction.EntryRemove
                || received.Message.CacheKey?.Contains("__fc:", StringComparison.Ordinal) == true)
            {
                Note();
            }
        };
    }

    /// <summary>Call just before evicting.</summary>
    public void Note() => Interlocked.Increment(ref _seen);

    /// <summary>Runs a cache factory's load; when an eviction happened meanwhile, its result is not written to the cache.</summary>
    public async Task<T> LoadAsync<T>(FusionCacheFactoryExecutionContext<T> context, Func<Task<T>> load)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(load);
        var before = Interlocked.Read(ref _seen);
        var value = await load();
        if (Interlocked.Read(ref _seen) != before)
        {
            DoNotCache(context);
        }

        return value;
    }

    /// <summary>In a cache factory: the result goes to its callers but into neither cache level.</summary>
    public static void DoNotCache<T>(FusionCacheFactoryExecutionContext<T> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Options.SkipMemoryCacheWrite = true;
        context.Options.SkipDistributedCacheWrite = true;
    }
}
