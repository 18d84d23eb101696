using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Jobs;

/// <summary>Two instances of the service on one PostgreSQL database, each running its scheduler, on one adjustable clock.</summary>
public sealed class TwoInstancesFixture : PostgresApiFixture
{
    public AdjustableClock Clock { get; } = new();

    public ScheduledJobProbe Probe { get; } = new();

    public OrdoApiFactory Second { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => JobTestHost.Settings;

    protected override void ConfigureServices(IServiceCollection services) => services.AddProbeJob(Clock, Probe);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        if (UnavailableReason is null)
        {
            Second = new OrdoApiFactory(Provider, ConnectionString, Settings, ConfigureServices);
            _ = Second.Server;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Second is not null)
        {
            await Second.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

public sealed class ScheduledJobsAcrossInstancesTests(TwoInstancesFixture fixture) : IClassFixture<TwoInstancesFixture>
{
    [Fact]
    public async Task Two_instances_on_one_database_run_each_scheduled_slot_exactly_once()
    {
        fixture.SkipWhenUnavailable();
        var slots = new List<DateTimeOffset>();
        for (var period = 0; period < 12; period++)
        {
            var slot = JobTestHost.MoveToNextSlot(fixture.Clock, TimeSpan.FromSeconds(1));
            slots.Add(slot);
            await JobTestHost.FinishedRunAsync(fixture.Factory.Services, slot);
        }

        // A few more ticks of both schedulers on the last slot: nobody runs it again.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.All(slots, slot => Assert.Equal(1, fixture.Probe.ExecutionsOf(slot)));
        var runs = (await JobTestHost.RunsAsync(fixture.Second.Services)).Where(r => slots.Contains(r.ScheduledAt)).ToList();
        Assert.Equal(slots.Count, runs.Count);
        Assert.All(runs, run => Assert.Equal((JobRunStatus.Succeeded, 1), (run.Status, run.Attempt)));
    }
}
