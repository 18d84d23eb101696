using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Ordo.Migrations.Sqlite;

namespace Ordo.Architecture.Tests;

public sealed class MigrationTests
{
    /// <summary>
    /// SQLite's warning about operations run outside the migration's transaction is logged at Debug, because EF's own
    /// table rebuilds raise it for a connection setting (<c>SqliteOrdoDatabase</c>). A migration of ours that opts out
    /// of the transaction would hide behind that, so none may.
    /// </summary>
    [Fact]
    public void No_SQLite_migration_runs_SQL_outside_its_transaction()
    {
        var migrations = typeof(SqliteOrdoDatabase).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(Migration)) && !type.IsAbstract)
            .Select(type => (Migration)Activator.CreateInstance(type)!)
            .ToList();

        Assert.NotEmpty(migrations);
        Assert.All(migrations, migration => Assert.DoesNotContain(
            migration.UpOperations.Concat(migration.DownOperations),
            operation => operation is SqlOperation { SuppressTransaction: true }));
    }
}
