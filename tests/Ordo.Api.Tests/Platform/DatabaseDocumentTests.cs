using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Migrations.Sqlite;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// <c>docs/database.md</c> is rendered from the EF model as PostgreSQL runs it (Production), plus what the migrations
/// create beside the model (raw-SQL indexes, triggers), read from the migrated database. Refresh it with
/// <c>ORDO_UPDATE_SNAPSHOTS=1</c> (<c>tools/docs/generate</c>).
/// </summary>
public sealed class DatabaseDocumentTests(PostgresApiFixture fixture) : ProviderTests(fixture), IClassFixture<PostgresApiFixture>
{
    private const string DocumentPath = "docs/database.md";

    [Fact]
    public async Task The_schema_document_is_rendered_from_the_model_and_the_migrated_database()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var outside = await OutsideTheModelAsync(db, model);

        RepositoryFiles.AssertMatches(DocumentPath, Render(model, outside, SqliteModel()));
    }

    private sealed record ExtraObject(string Table, string Kind, string Name, string Definition);

    private static string Render(IRelationalModel model, List<ExtraObject> outside, IRelationalModel sqlite)
    {
        var tables = model.Tables.OrderBy(table => table.Name, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("""
            # Database schema

            Generated from the EF Core model (`src/Ordo.Persistence`) as PostgreSQL runs it in Production, and from the
            migrated database for what the migrations create beside the model. Do not edit by hand: run
            `tools/docs/generate` (the test `DatabaseDocumentTests` fails while this file is stale). How the schema changes
            is in `docs/development.md`; the SQL scripts are `db/postgres/migrations.sql` and `db/sqlite/schema.sql`.
            SQLite, the embedded database for development and tests, has the same model with its own column types; the
            differences are listed under [SQLite](#sqlite) at the end.

            ## Diagram

            Key columns only (PK primary key, FK foreign key, UK unique on its own); every column is listed under its table.

            ```mermaid
            erDiagram

            """);
        foreach (var table in tables)
        {
            var keyColumns = table.Columns
                .Where(column => IsPrimaryKey(table, column) || IsForeignKey(table, column) || IsUnique(table, column))
                .OrderBy(column => IsPrimaryKey(table, column) ? 0 : 1).ThenBy(column => column.Name, StringComparer.Ordinal)
                .ToList();
            text.Append(CultureInfo.InvariantCulture, $"    {table.Name} {{\n");
            foreach (var column in keyColumns)
            {
                var marks = new[] { IsPrimaryKey(table, column) ? "PK" : null, IsForeignKey(table, column) ? "FK" : null, IsUnique(table, column) ? "UK" : null }
                    .Where(mark => mark is not null);
                text.Append(CultureInfo.InvariantCulture, $"        {MermaidType(column.StoreType)} {column.Name} {string.Join(", ", marks)}\n");
            }

            text.Append("    }\n");
        }

        foreach (var table in tables)
        {
            foreach (var foreignKey in ForeignKeys(table))
            {
                var oneToOne = table.UniqueConstraints.Any(unique => SameColumns(unique.Columns, foreignKey.Columns))
                    || table.Indexes.Any(index => index.IsUnique && index.Filter is null && SameColumns(index.Columns, foreignKey.Columns));
                var principal = foreignKey.Columns.Any(column => column.IsNullable) ? "|o" : "||";
                var dependent = oneToOne ? "o|" : "o{";
                text.Append(CultureInfo.InvariantCulture,
                    $"    {foreignKey.PrincipalTable.Name} {principal}--{dependent} {table.Name} : \"{string.Join(", ", foreignKey.Columns.Select(column => column.Name))}\"\n");
            }
        }

        text.Append("```\n\n## Tables\n");
        foreach (var table in tables)
        {
            RenderTable(text, table, [.. outside.Where(extra => extra.Table == table.Name).OrderBy(extra => extra.Name, StringComparer.Ordinal)]);
        }

        var sequences = model.Sequences.OrderBy(sequence => sequence.Name, StringComparer.Ordinal).ToList();
        if (sequences.Count > 0)
        {
            text.Append("\n## Sequences\n\n");
            foreach (var sequence in sequences)
            {
                text.Append(CultureInfo.InvariantCulture, $"- `{sequence.Name}` starting at {sequence.StartValue}, increment {sequence.IncrementBy}\n");
            }
        }

        RenderSqlite(text, model, sqlite);
        return text.ToString();
    }

    private static void RenderTable(StringBuilder text, ITable table, List<ExtraObject> outside)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n### `{table.Name}`\n\n");
        var entities = table.EntityTypeMappings.Select(mapping => mapping.TypeBase.ClrType.Name.Split('`')[0]).Distinct().Order(StringComparer.Ordinal);
        text.Append(CultureInfo.InvariantCulture, $"Maps {string.Join(", ", entities.Select(name => $"`{name}`"))}.\n\n");

        text.Append("| column | type | null | default |\n|---|---|---|---|\n");
        foreach (var column in Columns(table))
        {
            var key = IsPrimaryKey(table, column) ? " (PK)" : "";
            text.Append(CultureInfo.InvariantCulture,
                $"| `{column.Name}`{key} | `{column.StoreType}` | {(column.IsNullable ? "yes" : "no")} | {Default(column)} |\n");
        }

        if (table.PrimaryKey is { } primaryKey)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nPrimary key `{primaryKey.Name}` on {ColumnList(primaryKey.Columns)}.\n");
        }

        var foreignKeys = ForeignKeys(table).ToList();
        if (foreignKeys.Count > 0)
        {
            text.Append("\n| foreign key | columns | references | on delete |\n|---|---|---|---|\n");
            foreach (var foreignKey in foreignKeys)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"| `{foreignKey.Name}` | {ColumnList(foreignKey.Columns)} | `{foreignKey.PrincipalTable.Name}` ({ColumnList(foreignKey.PrincipalColumns)}) | {OnDelete(foreignKey.OnDeleteAction)} |\n");
            }
        }

        var indexes = table.UniqueConstraints.Where(unique => !unique.GetIsPrimaryKey())
                .Select(unique => (Name: unique.Name, Columns: ColumnList(unique.Columns), Unique: "unique constraint", Filter: (string?)null))
            .Concat(table.Indexes.Select(index => (Name: index.Name, Columns: ColumnList(index.Columns), Unique: index.IsUnique ? "unique" : "", Filter: index.Filter)))
            .Concat(outside.Where(extra => extra.Kind == "index").Select(extra => (Name: extra.Name, Columns: $"`{extra.Definition}`", Unique: "migration SQL", Filter: (string?)null)))
            .OrderBy(index => index.Name, StringComparer.Ordinal)
            .ToList();
        if (indexes.Count > 0)
        {
            text.Append("\n| index | columns | kind | filter |\n|---|---|---|---|\n");
            foreach (var index in indexes)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"| `{index.Name}` | {index.Columns} | {index.Unique} | {(index.Filter is null ? "" : $"`{index.Filter}`")} |\n");
            }
        }

        var checks = table.CheckConstraints.OrderBy(check => check.Name, StringComparer.Ordinal).ToList();
        if (checks.Count > 0)
        {
            text.Append("\n| check constraint | condition |\n|---|---|\n");
            foreach (var check in checks)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{check.Name}` | `{check.Sql}` |\n");
            }
        }

        var triggers = outside.Where(extra => extra.Kind == "trigger").ToList();
        if (triggers.Count > 0)
        {
            text.Append("\n| trigger (migration SQL) | definition |\n|---|---|\n");
            foreach (var trigger in triggers)
            {
                text.Append(CultureInfo.InvariantCulture, $"| `{trigger.Name}` | `{trigger.Definition}` |\n");
            }
        }
    }

    private static void RenderSqlite(StringBuilder text, IRelationalModel postgres, IRelationalModel sqlite)
    {
        text.Append("""

            ## SQLite

            SQLite, the embedded database for development, tests and single-node installations, gets the same model
            through its own migrations (`src/Ordo.Migrations.Sqlite`). It has none of the objects marked "migration SQL"
            above (raw-SQL indexes and triggers of the PostgreSQL migrations; its own migrations add their own audit
            triggers), and no sequences. Where the two models differ otherwise, compared here table by table:

            """);
        var differences = Differences(postgres, sqlite);
        text.Append('\n');
        text.Append(differences.Count == 0 ? "- no difference in tables, columns, nullability, defaults, keys, indexes, filters or check constraints\n" : "");
        foreach (var difference in differences)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {difference}\n");
        }

        text.Append("""

            Column types differ as follows (PostgreSQL type → SQLite type, with the number of columns of each pair):

            | PostgreSQL | SQLite | columns |
            |---|---|---|

            """);
        var sqliteTypes = sqlite.Tables
            .SelectMany(table => table.Columns.Select(column => (Key: (table.Name, column.Name), column.StoreType)))
            .ToDictionary(pair => pair.Key, pair => pair.StoreType);
        var tables = postgres.Tables;
        var pairs = tables.SelectMany(table => table.Columns.Select(column =>
                (Postgres: column.StoreType, Sqlite: sqliteTypes.GetValueOrDefault((table.Name, column.Name), "(missing)"))))
            .GroupBy(pair => pair)
            .OrderBy(group => group.Key.Postgres, StringComparer.Ordinal).ThenBy(group => group.Key.Sqlite, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{pair.Key.Postgres}` | `{pair.Key.Sqlite}` | {pair.Count()} |\n");
        }
    }

    /// <summary>The SQLite model, built without a connection.</summary>
    private static IRelationalModel SqliteModel()
    {
        var options = new DbContextOptionsBuilder<OrdoDbContext>();
        SqliteOrdoDatabase.Configure(options, "Data Source=:memory:");
        using var sqlite = new OrdoDbContext(options.Options);
        return sqlite.GetService<IDesignTimeModel>().Model.GetRelationalModel();
    }

    /// <summary>What the SQLite model has otherwise than the PostgreSQL one, apart from store types.</summary>
    private static List<string> Differences(IRelationalModel postgres, IRelationalModel sqlite)
    {
        static IEnumerable<string> Facts(ITable table) =>
            table.Columns.Select(column => $"column `{column.Name}` {(column.IsNullable ? "null" : "not null")}{(Default(column) is { Length: > 0 } value ? $" default {value}" : "")}")
                .Concat(table.PrimaryKey is { } key ? [$"primary key {ColumnList(key.Columns)}"] : [])
                .Concat(table.ForeignKeyConstraints.Select(foreignKey => $"foreign key `{foreignKey.Name}` {ColumnList(foreignKey.Columns)} on delete {OnDelete(foreignKey.OnDeleteAction)}"))
                .Concat(table.UniqueConstraints.Where(unique => !unique.GetIsPrimaryKey()).Select(unique => $"unique constraint `{unique.Name}` {ColumnList(unique.Columns)}"))
                .Concat(table.Indexes.Select(index => $"index `{index.Name}` {ColumnList(index.Columns)}{(index.IsUnique ? " unique" : "")}{(index.Filter is null ? "" : $" where `{index.Filter}`")}"))
                .Concat(table.CheckConstraints.Select(check => $"check `{check.Name}` `{check.Sql}`"));

        var differences = new List<string>();
        foreach (var name in postgres.Tables.Select(table => table.Name).Union(sqlite.Tables.Select(table => table.Name)).Order(StringComparer.Ordinal))
        {
            var onPostgres = postgres.Tables.SingleOrDefault(table => table.Name == name);
            var onSqlite = sqlite.Tables.SingleOrDefault(table => table.Name == name);
            if (onPostgres is null || onSqlite is null)
            {
                differences.Add($"`{name}` exists only on {(onPostgres is null ? "SQLite" : "PostgreSQL")}");
                continue;
            }

            var postgresFacts = Facts(onPostgres).ToHashSet(StringComparer.Ordinal);
            var sqliteFacts = Facts(onSqlite).ToHashSet(StringComparer.Ordinal);
            differences.AddRange(postgresFacts.Except(sqliteFacts).Order(StringComparer.Ordinal).Select(fact => $"`{name}`: PostgreSQL has {fact}, SQLite does not"));
            differences.AddRange(sqliteFacts.Except(postgresFacts).Order(StringComparer.Ordinal).Select(fact => $"`{name}`: SQLite has {fact}, PostgreSQL does not"));
        }

        return differences;
    }

    /// <summary>Indexes and triggers that migrations create with raw SQL, which the EF model does not know.</summary>
    private static async Task<List<ExtraObject>> OutsideTheModelAsync(OrdoDbContext db, IRelationalModel model)
    {
        var known = model.Tables.SelectMany(table => table.Indexes.Select(index => index.Name)
                .Concat(table.UniqueConstraints.Select(unique => unique.Name)))
            .ToHashSet(StringComparer.Ordinal);
        var indexes = await db.Database.SqlQueryRaw<CatalogueRow>("""
            SELECT tablename AS "Table", indexname AS "Name", indexdef AS "Definition"
            FROM pg_indexes WHERE schemaname = current_schema()
            """).ToListAsync(Cancellation);
        var triggers = await db.Database.SqlQueryRaw<CatalogueRow>("""
            SELECT c.relname AS "Table", t.tgname AS "Name", pg_get_triggerdef(t.oid) AS "Definition"
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT t.tgisinternal AND n.nspname = current_schema()
            """).ToListAsync(Cancellation);
        return
        [
            .. indexes.Where(index => !known.Contains(index.Name) && index.Table != "__EFMigrationsHistory")
                .Select(index => new ExtraObject(index.Table, "index", index.Name, IndexBody(index.Definition))),
            .. triggers.Select(trigger => new ExtraObject(trigger.Table, "trigger", trigger.Name, TriggerBody(trigger.Definition))),
        ];
    }

    private sealed record CatalogueRow(string Table, string Name, string Definition);

    /// <summary><c>CREATE INDEX ix ON public.orders USING gin (metadata)</c> → <c>USING gin (metadata)</c>.</summary>
    private static string IndexBody(string definition)
    {
        var on = definition.IndexOf(" USING ", StringComparison.Ordinal);
        return on < 0 ? definition : definition[(on + 1)..];
    }

    /// <summary><c>CREATE TRIGGER name BEFORE UPDATE ON public.t FOR EACH ROW …</c> without the repeated name and schema.</summary>
    private static string TriggerBody(string definition)
    {
        var parts = definition.Split(' ', 4);
        return parts.Length == 4 ? parts[3].Replace("public.", "", StringComparison.Ordinal) : definition;
    }

    private static IEnumerable<IColumn> Columns(ITable table) =>
        table.Columns.OrderBy(column => IsPrimaryKey(table, column) ? 0 : 1)
            .ThenBy(column => table.PrimaryKey is { } key ? key.Columns.ToList().IndexOf(column) : 0)
            .ThenBy(column => column.Name, StringComparer.Ordinal);

    private static IEnumerable<IForeignKeyConstraint> ForeignKeys(ITable table) =>
        table.ForeignKeyConstraints.OrderBy(foreignKey => foreignKey.Name, StringComparer.Ordinal);

    private static bool IsPrimaryKey(ITable table, IColumn column) => table.PrimaryKey?.Columns.Contains(column) == true;

    private static bool IsForeignKey(ITable table, IColumn column) => table.ForeignKeyConstraints.Any(foreignKey => foreignKey.Columns.Contains(column));

    /// <summary>Unique on its own (a column that is only part of a unique combination is not marked).</summary>
    private static bool IsUnique(ITable table, IColumn column) =>
        table.UniqueConstraints.Any(unique => !unique.GetIsPrimaryKey() && unique.Columns.Count == 1 && unique.Columns[0] == column)
        || table.Indexes.Any(index => index.IsUnique && index.Columns.Count == 1 && index.Columns[0] == column);

    private static bool SameColumns(IReadOnlyList<IColumn> left, IReadOnlyList<IColumn> right) =>
        left.Select(column => column.Name).Order(StringComparer.Ordinal).SequenceEqual(right.Select(column => column.Name).Order(StringComparer.Ordinal));

    private static string ColumnList(IEnumerable<IColumn> columns) => string.Join(", ", columns.Select(column => $"`{column.Name}`"));

    private static string Default(IColumn column) => column.DefaultValueSql is { } sql
        ? $"`{sql}`"
        : column.DefaultValue is { } value ? $"`{Convert.ToString(value, CultureInfo.InvariantCulture)}`" : "";

    private static string OnDelete(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "cascade",
        ReferentialAction.Restrict => "restrict",
        ReferentialAction.SetNull => "set null",
        ReferentialAction.SetDefault => "set default",
        _ => "no action",
    };

    /// <summary>Mermaid's attribute types allow no spaces or commas: <c>character varying(200)</c> → <c>varchar(200)</c>.</summary>
    private static string MermaidType(string storeType) => storeType
        .Replace("character varying", "varchar", StringComparison.Ordinal)
        .Replace("timestamp with time zone", "timestamptz", StringComparison.Ordinal)
        .Replace(' ', '_')
        .Replace(',', '_');
}
