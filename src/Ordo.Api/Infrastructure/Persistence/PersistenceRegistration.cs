using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Configuration;
using Ordo.Api.Infrastructure.Health;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Api.Infrastructure.SharedState;
using Ordo.Migrations.Postgres;
using Ordo.Migrations.Sqlite;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Persistence;

public static class PersistenceRegistration
{
    public static IServiceCollection AddOrdoPersistence(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        // Resolved lazily so the provider comes from validated options, never from configuration read early.
        services.AddDbContext<OrdoDbContext>((serviceProvider, builder) =>
        {
            var database = serviceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            _ = database.ProviderKind switch
            {
                DatabaseProvider.Sqlite => SqliteOrdoDatabase.Configure(builder, database.EffectiveConnectionString),
                DatabaseProvider.Postgres => PostgresOrdoDatabase.Configure(builder, database.EffectiveConnectionString),
                _ => throw new InvalidOperationException($"Unhandled provider {database.ProviderKind}."),
            };
            // The audit chain goes last: it locks the chain head, and the later in the save, the shorter the lock.
            builder.AddInterceptors(
                serviceProvider.GetRequiredService<CatalogueCacheInvalidation>(),
                serviceProvider.GetRequiredService<DomainEventRecorder>(),
                serviceProvider.GetRequiredService<Telemetry.CommittedOrderMetrics>(),
                serviceProvider.GetRequiredService<Audit.AuditChaining>());
        });
        services.AddSingleton<CatalogueCacheInvalidation>();

        services.AddScoped<DatabaseMigrator>();
        services.AddHealthChecks()
            .AddDbContextCheck<OrdoDbContext>("database", tags: [HealthTags.Ready])
            .AddCheck<DatabaseSchemaHealthCheck>("database_schema", tags: [HealthTags.Ready]);
        return services;
    }
}
