using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// A first start on a database that doesn't exist yet (created, migrations applied, roles and the bootstrap admin set
/// up) is the normal case, so it logs no warning and no error: an operator who alerts on either must not be woken by
/// an install.
/// </summary>
public abstract class StartupLogTests(ApiFixture fixture)
{
    [Fact]
    public void Starting_on_a_new_database_creates_it_and_logs_no_warning_or_error()
    {
        fixture.SkipWhenUnavailable();
        var logs = fixture.Factory.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();

        Assert.NotEmpty(logs);
        var warnings = logs.Where(record => record.Level >= LogLevel.Warning).Select(record => $"{record.Level} {record.Category}: {record.Message}").ToList();
        Assert.True(warnings.Count == 0, string.Join(Environment.NewLine, warnings));
    }
}

/// <summary>Its own fixture, so that the logs are the start-up's alone.</summary>
public sealed class StartupLogOnSqlite(StartupLogOnSqlite.Fixture fixture) : StartupLogTests(fixture), IClassFixture<StartupLogOnSqlite.Fixture>
{
    public sealed class Fixture : SqliteApiFixture;
}

public sealed class StartupLogOnPostgres(StartupLogOnPostgres.Fixture fixture) : StartupLogTests(fixture), IClassFixture<StartupLogOnPostgres.Fixture>
{
    public sealed class Fixture : PostgresApiFixture
    {
        protected override bool ServiceCreatesTheDatabase => true;
    }
}
