using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Ordo.Persistence;

namespace Ordo.Migrations.Sqlite;

public static class SqliteOrdoDatabase
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(DatabaseProvider.Sqlite.MigrationsAssembly()))
            .AddInterceptors(UnicodeCaseFunctions.Instance)
            // EF rebuilds a SQLite table between PRAGMA foreign_keys = 0 and = 1, which SQLite ignores inside a
            // transaction, and warns that these two statements run outside it. They only switch a setting of the
            // connection (the rebuild itself is transactional), so a first start need not log a warning for them.
            .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug)))
            .UseOrdoConventions();
}

/// <summary>
/// SQLite's built-in <c>lower()</c> and <c>upper()</c> change ASCII letters only, so a search for "étagère" missed
/// "Étagère". Each connection gets Unicode versions with .NET's invariant case mapping (what the API applies to the
/// search text, and what PostgreSQL's <c>lower()</c> does in a UTF-8 database), so searches that ignore case find the
/// same rows on both databases.
/// </summary>
public sealed class UnicodeCaseFunctions : DbConnectionInterceptor
{
    public static readonly UnicodeCaseFunctions Instance = new();

    private UnicodeCaseFunctions()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
            sqlite.CreateFunction("upper", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
        }
    }
}

/// <summary>Used by <c>dotnet ef</c> only; the running service configures the context from its options.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<OrdoDbContext>
{
    public OrdoDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<OrdoDbContext>();
        SqliteOrdoDatabase.Configure(options, "Data Source=design-time.db");
        return new OrdoDbContext(options.Options);
    }
}
