using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Ordo.Api.Infrastructure.SharedState;

/// <summary>
/// Section <c>Redis</c> (with <c>ConnectionStrings:Redis</c>): where instances share what they would otherwise keep
/// each to itself. Without a connection string everything stays in this process's memory, which is right for one
/// instance.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";
    public const string ConnectionStringName = "Redis";

    /// <summary>From <c>ConnectionStrings:Redis</c> (StackExchange.Redis syntax, e.g. <c>127.0.0.1:6379,password=…</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of every key and channel, so that several installations can share one Redis.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string KeyPrefix { get; set; } = "ordo";

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>Why the connection string can't be used, or null; checked at start-up, not at the first request.</summary>
    public static string? ConnectionStringProblem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(connectionString);
            return null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }
}

/// <summary>
/// The cache (FusionCache: memory first; with Redis a shared second level and a backplane that evicts the other
/// instances' memory copies when an entry changes or is removed) and the one Redis connection everything shares.
/// </summary>
public static class SharedStateRegistration
{
    /// <summary>How long any cached entry lives at most: the bound on staleness when Redis is out of reach.</summary>
    public static readonly TimeSpan MaxEntryLifetime = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddOrdoSharedState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.Section)
            .Configure<IConfiguration>((options, config) => options.ConnectionString = config.GetConnectionString(RedisOptions.ConnectionStringName))
            .ValidateDataAnnotations()
            .Validate(
                options => RedisOptions.ConnectionStringProblem(options.ConnectionString) is null,
                "ConnectionStrings:Redis is malformed (StackExchange.Redis syntax, e.g. 127.0.0.1:6379,password=...).")
            .ValidateOnStart();
        services.AddSingleton<SharedRedis>();
        services.AddSingleton<CacheEvictions>();

        var redis = configuration.GetConnectionString(RedisOptions.ConnectionStringName);
        var prefix = configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.KeyPrefix)}"] ?? new RedisOptions().KeyPrefix;
        var cache = services.AddFusionCache()
            .WithOptions(options =>
            {
                options.CacheKeyPrefix = prefix + ":";
                options.BackplaneChannelPrefix = prefix;
                options.DistributedCacheCircuitBreakerDuration = TimeSpan.FromSeconds(5);
                options.BackplaneCircuitBreakerDuration = TimeSpan.FromSeconds(5);
                options.DistributedCacheErrorsLogLevel = LogLevel.Warning;
                options.BackplaneErrorsLogLevel = LogLevel.Warning;
            })
            .WithDefaultEntryOptions(new FusionCacheEntryOptions
            {
                Duration = MaxEntryLifetime,
                // A slow or absent Redis must not slow requests down: memory and the database answer instead.
                DistributedCacheSoftTimeout = TimeSpan.FromMilliseconds(100),
                DistributedCacheHardTimeout = TimeSpan.FromMilliseconds(500),
                // An entry the shared level cannot read (written by another version) is a miss, never an error.
                ReThrowSerializationExceptions = false,
            });
        if (!string.IsNullOrWhiteSpace(redis))
        {
            cache
                .WithSerializer(new FusionCacheSystemTextJsonSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true }))
                .WithDistributedCache(provider => new RedisCache(Options.Create(new RedisCacheOptions
                {
                    ConnectionMultiplexerFactory = provider.GetRequiredService<SharedRedis>().ConnectAsync,
                })))
                .WithBackplane(provider => new RedisBackplane(new RedisBackplaneOptions
                {
                    ConnectionMultiplexerFactory = provider.GetRequiredService<SharedRedis>().ConnectAsync,
                }));
        }

        return services;
    }
}
