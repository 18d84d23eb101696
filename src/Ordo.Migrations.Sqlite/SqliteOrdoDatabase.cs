using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Ordo.Persistence;

namespace Ordo.Migrations.Sqlite;

public static class SqliteOrdoDatabase
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(DatabaseProvider.Sqlite.MigrationsAssembly()))
            .UseOrdoConventions();
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
