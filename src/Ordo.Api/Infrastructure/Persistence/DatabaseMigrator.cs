using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Configuration;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Persistence;

public sealed partial class DatabaseMigrator(
    OrdoDbContext db,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var database = options.Value;
        if (database.ProviderKind == DatabaseProvider.Sqlite)
        {
            EnsureSqliteDirectoryExists(database.EffectiveConnectionString);
        }

        // The database and its history table are made first, as MigrateAsync would make them: on a new database EF reads
        // the applied migrations from a table that isn't there yet, and logs the failure as an Error (dotnet/efcore#37328).
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            await creator.CreateAsync(cancellationToken);
        }

        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);

        if (database.ProviderKind == DatabaseProvider.Sqlite)
        {
            // WAL lets readers run beside the single writer; the setting is stored in the database file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        LogMigrated(logger, database.ProviderKind, pending.Count);
    }

    private static void EnsureSqliteDirectoryExists(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory) && dataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ({Provider}) migrated: {AppliedCount} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, DatabaseProvider provider, int appliedCount);
}
