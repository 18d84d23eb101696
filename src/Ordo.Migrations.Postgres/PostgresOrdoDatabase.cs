using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Ordo.Persistence;

namespace Ordo.Migrations.Postgres;

public static class PostgresOrdoDatabase
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(DatabaseProvider.Postgres.MigrationsAssembly()))
            .UseOrdoConventions();
}

/// <summary>Used by <c>dotnet ef</c> only; it never connects (migrations are generated from the model).</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<OrdoDbContext>
{
    public OrdoDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<OrdoDbContext>();
        PostgresOrdoDatabase.Configure(options, "Host=localhost;Database=ordo_design_time");
        return new OrdoDbContext(options.Options);
    }
}
