using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Platform;

/// <summary>The model, the migrations of each provider and the SQL scripts committed under db/ must agree.</summary>
public abstract class SchemaTests(ApiFixture fixture, string scriptPath, MigrationsSqlGenerationOptions scriptOptions)
    : ProviderTests(fixture)
{
    [Fact]
    public void The_model_has_no_changes_missing_from_the_migrations()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();

        Assert.False(
            db.Database.HasPendingModelChanges(),
            $"The model changed without a migration: add one to Ordo.Migrations.{Fixture.Provider} (see docs/development.md).");
    }

    [Fact]
    public async Task Every_migration_is_applied_at_start_up()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancellation));
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync(Cancellation));
    }

    [Fact]
    public void The_committed_SQL_script_matches_the_migrations()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var migrator = scope.ServiceProvider.GetRequiredService<OrdoDbContext>().GetService<IMigrator>();

        RepositoryFiles.AssertMatches(scriptPath, migrator.GenerateScript(options: scriptOptions));
    }
}

public sealed class SchemaOnSqlite(SqliteApiFixture fixture)
    // SQLite has no idempotent scripts in EF Core; its script creates the schema in an empty database.
    : SchemaTests(fixture, "db/sqlite/schema.sql", MigrationsSqlGenerationOptions.Default), IClassFixture<SqliteApiFixture>;

public sealed class SchemaOnPostgres(PostgresApiFixture fixture)
    : SchemaTests(fixture, "db/postgres/migrations.sql", MigrationsSqlGenerationOptions.Idempotent), IClassFixture<PostgresApiFixture>
{
    [Fact]
    public async Task An_order_cannot_be_stored_without_its_payment_deadline()
    {
        // The backfill's year-1 default is dropped: an insert that forgets the deadline fails instead of expiring at once.
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();

        var defaults = await db.Database.SqlQueryRaw<string>(
                "SELECT column_default AS \"Value\" FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'payment_due_at' AND column_default IS NOT NULL")
            .ToListAsync(Cancellation);

        Assert.Empty(defaults);
    }
}
