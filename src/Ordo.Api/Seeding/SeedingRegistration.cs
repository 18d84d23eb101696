using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Persistence;

namespace Ordo.Api.Seeding;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Fill an empty database with the default demo data at start-up (on in Development only).</summary>
    public bool OnEmptyDatabase { get; set; }
}

public static class SeedingRegistration
{
    /// <summary>Register after persistence: start-up seeding must run after start-up migrations.</summary>
    public static IServiceCollection AddOrdoSeeding(this IServiceCollection services)
    {
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        services.AddScoped<DemoDataSeeder>();
        services.AddHostedService<SeedOnEmptyDatabase>();
        return services;
    }
}

/// <summary>
/// With <c>Seed:OnEmptyDatabase</c>, a fresh Development database gets the default demo data before the server
/// accepts requests, so the first <c>dotnet run</c> has something to show. A database with any products, customers or
/// orders is left alone.
/// </summary>
internal sealed partial class SeedOnEmptyDatabase(
    IServiceScopeFactory scopes,
    IOptions<SeedOptions> options,
    ILogger<SeedOnEmptyDatabase> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.OnEmptyDatabase)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            LogSkippedUnmigrated(logger);
            return;
        }

        if (await db.Products.AnyAsync(cancellationToken))
        {
            return;
        }

        var seeded = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>()
            .SeedAsync(SeedSizes.OnEmptyDatabase, cancellationToken: cancellationToken);
        if (seeded.IsFailure)
        {
            LogSkipped(logger, seeded.Error.Message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed:OnEmptyDatabase is on but migrations are pending; not seeding (turn on Database:MigrateOnStartup or run 'migrate')")]
    private static partial void LogSkippedUnmigrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not seeding demo data: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string reason);
}
