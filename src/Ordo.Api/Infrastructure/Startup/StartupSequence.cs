using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Configuration;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.Persistence;
using Ordo.Api.Seeding;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Startup;

/// <summary>
/// What the service does before it accepts requests, in this order: apply migrations (<c>Database:MigrateOnStartup</c>),
/// bring roles, the admin client and the bootstrap admin up to date (always, once the schema is current), and fill an
/// empty database with demo data (<c>Seed:OnEmptyDatabase</c>, on in Development). It runs in the host's Starting phase,
/// before any hosted service starts; a step that throws (a failing migration) stops start-up. Each step has a scope of
/// its own, so none sees what another left tracked.
/// </summary>
internal sealed partial class StartupSequence(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> database,
    IOptions<SeedOptions> seed,
    ILogger<StartupSequence> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (database.Value.MigrateOnStartup)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        // Checked once: the steps below need the current schema, and nothing between them migrates.
        if (await MigrationsPendingAsync(cancellationToken))
        {
            LogIdentitySkippedUnmigrated(logger);
            if (seed.Value.OnEmptyDatabase)
            {
                LogSeedSkippedUnmigrated(logger);
            }

            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdentityBootstrap>().EnsureAsync(cancellationToken);
        }

        if (seed.Value.OnEmptyDatabase)
        {
            await SeedEmptyDatabaseAsync(cancellationToken);
        }
    }

    /// <summary>A database with any products, customers or orders is left alone.</summary>
    private async Task SeedEmptyDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<OrdoDbContext>().Products.AnyAsync(cancellationToken))
        {
            return;
        }

        var seeded = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>()
            .SeedAsync(SeedSizes.OnEmptyDatabase, cancellationToken: cancellationToken);
        if (seeded.IsFailure)
        {
            LogSeedSkipped(logger, seeded.Error.Message);
        }
    }

    private async Task<bool> MigrationsPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<OrdoDbContext>().Database.GetPendingMigrationsAsync(cancellationToken)).Any();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations are pending; roles, the admin client and the bootstrap admin are set up after 'migrate'")]
    private static partial void LogIdentitySkippedUnmigrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed:OnEmptyDatabase is on but migrations are pending; not seeding (turn on Database:MigrateOnStartup or run 'migrate')")]
    private static partial void LogSeedSkippedUnmigrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not seeding demo data: {Reason}")]
    private static partial void LogSeedSkipped(ILogger logger, string reason);
}
