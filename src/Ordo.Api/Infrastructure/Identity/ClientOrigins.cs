using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Ordo.Api.Infrastructure.SharedState;
using Ordo.Persistence;
using ZiggyCreatures.Caching.Fusion;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// The browser origins registered clients run on (each client's <c>allowedOrigins</c>, kept in a property of its
/// OpenIddict application), as one cached set: the CORS check reads it on every cross-origin request. Creating or
/// deleting a client drops it, now and again after the commit; with Redis the eviction reaches every instance through
/// the cache's backplane, and without it other instances converge within <see cref="SharedStateRegistration.MaxEntryLifetime"/>.
/// </summary>
public sealed class ClientOrigins(IFusionCache cache, CacheEvictions evictions, IServiceScopeFactory scopes)
{
    /// <summary>The application property holding a client's origins (a JSON array of serialized origins).</summary>
    public const string PropertyName = "ordo_allowed_origins";

    private const string Key = "client-origins";

    public async ValueTask<bool> IsRegisteredAsync(string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        var origins = await cache.GetOrSetAsync<HashSet<string>>(
            Key, (context, token) => evictions.LoadAsync(context, () => LoadAsync(token)), token: cancellationToken);
        return origins.Contains(origin.ToLowerInvariant());
    }

    /// <summary>A client's origins as stored in its application properties.</summary>
    public static IReadOnlyList<string> Of(IReadOnlyDictionary<string, JsonElement> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return properties.TryGetValue(PropertyName, out var stored) && stored.ValueKind == JsonValueKind.Array
            ? [.. stored.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!)]
            : [];
    }

    public static JsonElement ToProperty(IEnumerable<string> origins) => JsonSerializer.SerializeToElement(origins.ToArray());

    /// <summary>Call after a client's origins appeared or disappeared.</summary>
    public async ValueTask InvalidateAsync()
    {
        evictions.Note();
        await cache.RemoveAsync(Key);
    }

    /// <summary>
    /// Drops the set now and again once the change has committed (<paramref name="afterCommit"/> registers work for
    /// then), so no request reading in between can put the old set back into the cache.
    /// </summary>
    public async Task InvalidateNowAndAfterCommitAsync(Action<Func<Task>> afterCommit)
    {
        ArgumentNullException.ThrowIfNull(afterCommit);
        await InvalidateAsync();
        afterCommit(async () => await InvalidateAsync());
    }

    private async Task<HashSet<string>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var stored = await db.Set<OpenIddictEntityFrameworkCoreApplication<Guid>>().AsNoTracking()
            .Where(application => application.Properties != null)
            .Select(application => application.Properties!)
            .ToListAsync(cancellationToken);
        var origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var json in stored)
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(PropertyName, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                origins.UnionWith(list.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!.ToLowerInvariant()));
            }
        }

        return origins;
    }
}
