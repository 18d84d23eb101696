using Npgsql;
using Ordo.Api.Infrastructure.Configuration;

namespace Ordo.Api.Tests.Platform;

/// <summary>What the service hands to the database driver, from <c>ConnectionStrings:Ordo</c> and <c>Database:*</c>.</summary>
public sealed class DatabaseOptionsTests
{
    private const string Server = "Host=db.internal;Database=ordo;Username=ordo";

    private static NpgsqlConnectionStringBuilder Effective(string connectionString, int? maxAutoPrepare = null)
    {
        var options = new DatabaseOptions { Provider = "Postgres", ConnectionString = connectionString };
        if (maxAutoPrepare is { } value)
        {
            options.MaxAutoPrepare = value;
        }

        return new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString);
    }

    [Fact]
    public void PostgreSQL_prepares_the_most_used_statements_unless_told_otherwise()
    {
        Assert.Equal(64, Effective(Server).MaxAutoPrepare);
        Assert.Equal(10, Effective(Server + ";Max Auto Prepare=10").MaxAutoPrepare);
        Assert.Equal(0, Effective(Server, maxAutoPrepare: 0).MaxAutoPrepare);
        Assert.Equal(0, Effective(Server + ";Max Auto Prepare=0").MaxAutoPrepare); // behind PgBouncer: the string wins
        Assert.Equal(0, Effective(Server + ";maxautoprepare=0").MaxAutoPrepare);
        Assert.Equal(("db.internal", "ordo"), (Effective(Server).Host, Effective(Server).Database));
    }

    [Fact]
    public void PostgreSQL_waits_five_seconds_for_a_connection_unless_the_connection_string_says_otherwise()
    {
        Assert.Equal(5, Effective(Server).Timeout);
        Assert.Equal(30, Effective(Server + ";Timeout=30").Timeout);
        var options = new DatabaseOptions { Provider = "Postgres", ConnectionString = Server, ConnectionTimeout = 2 };
        Assert.Equal(2, new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString).Timeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void Start_up_refuses_a_connection_timeout_out_of_range(int value)
    {
        var options = new DatabaseOptions { Provider = "Postgres", ConnectionString = Server, ConnectionTimeout = value };

        var result = new DatabaseOptionsValidator().Validate(null, options);

        Assert.Contains("Database:ConnectionTimeout must be 1 to 1,024 seconds.", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Start_up_refuses_an_auto_prepare_count_out_of_range(int value)
    {
        var options = new DatabaseOptions { Provider = "Postgres", ConnectionString = Server, MaxAutoPrepare = value };

        var result = new DatabaseOptionsValidator().Validate(null, options);

        Assert.Contains("Database:MaxAutoPrepare must be 0 to 1,000.", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_PostgreSQL_connection_string_is_reported_not_thrown()
    {
        var options = new DatabaseOptions { Provider = "Postgres", ConnectionString = "Host=db;Nonsense Keyword=1" };

        var result = new DatabaseOptionsValidator().Validate(null, options);

        Assert.Contains("ConnectionStrings:Ordo is malformed", result.FailureMessage, StringComparison.Ordinal);
    }
}
