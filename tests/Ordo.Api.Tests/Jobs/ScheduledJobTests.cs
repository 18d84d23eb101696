using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Jobs;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Jobs;

public sealed class ScheduledJobsSqliteFixture : SqliteApiFixture
{
    public AdjustableClock Clock { get; } = new();

    public ScheduledJobProbe Probe { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => JobTestHost.Settings;

    protected override void ConfigureServices(IServiceCollection services) => services.AddProbeJob(Clock, Probe);
}

public sealed class ScheduledJobsPostgresFixture : PostgresApiFixture
{
    public AdjustableClock Clock { get; } = new();

    public ScheduledJobProbe Probe { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => JobTestHost.Settings;

    protected override void ConfigureServices(IServiceCollection services) => services.AddProbeJob(Clock, Probe);
}

/// <summary>One instance's scheduler on each provider: outcomes, take-overs, the jobs moved onto it, and the jobs API.</summary>
public abstract class ScheduledJobTests(ApiFixture fixture, AdjustableClock clock, ScheduledJobProbe probe) : ProviderTests(fixture)
{
    private IServiceProvider Services => Fixture.Factory.Services;

    [Fact]
    public async Task A_failing_run_is_recorded_with_its_error_type_only_and_the_job_runs_again_next_period()
    {
        var failing = ScheduledJobProbe.Schedule.SlotAfter(ScheduledJobProbe.Schedule.SlotAt(clock.GetUtcNow()));
        probe.FailingSlots[failing] = true;
        Assert.Equal(failing, JobTestHost.MoveToNextSlot(clock, TimeSpan.FromSeconds(1)));

        var failed = await JobTestHost.FinishedRunAsync(Services, failing);
        var next = JobTestHost.MoveToNextSlot(clock, TimeSpan.FromSeconds(1));
        var succeeded = await JobTestHost.FinishedRunAsync(Services, next);

        Assert.Equal((JobRunStatus.Failed, "System.InvalidOperationException", (string?)null), (failed.Status, failed.Error, failed.Result));
        Assert.Equal((JobRunStatus.Succeeded, (string?)null, 1), (succeeded.Status, succeeded.Error, probe.ExecutionsOf(next)));
        Assert.Equal(1, probe.ExecutionsOf(failing));
    }

    [Fact]
    public async Task A_run_whose_instance_vanished_is_taken_over_once_its_lease_lapses()
    {
        var slot = ScheduledJobProbe.Schedule.SlotAfter(ScheduledJobProbe.Schedule.SlotAt(clock.GetUtcNow()));
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            db.JobRuns.Add(new JobRun
            {
                JobName = ScheduledJobProbe.JobName,
                ScheduledAt = slot,
                Status = JobRunStatus.Running,
                Attempt = 1,
                InstanceId = "vanished-instance",
                StartedAt = slot,
                LeaseExpiresAt = slot + TimeSpan.FromMinutes(10),
            });
            await db.SaveChangesAsync(Cancellation);
        }

        JobTestHost.MoveToNextSlot(clock, TimeSpan.FromMinutes(1));
        await Task.Delay(500, Cancellation); // ten ticks while the vanished instance's lease still holds
        var held = Assert.Single(await JobTestHost.RunsAsync(Services), r => r.ScheduledAt == slot);
        Assert.Equal((JobRunStatus.Running, "vanished-instance", 0), (held.Status, held.InstanceId, probe.ExecutionsOf(slot)));

        clock.Advance(TimeSpan.FromMinutes(15));
        var taken = await JobTestHost.FinishedRunAsync(Services, slot);

        Assert.Equal((JobRunStatus.Succeeded, 2, 1), (taken.Status, taken.Attempt, probe.ExecutionsOf(slot)));
        Assert.NotEqual("vanished-instance", taken.InstanceId);
    }

    [Fact]
    public async Task The_jobs_list_shows_each_jobs_schedule_last_run_and_next_run()
    {
        var slot = ScheduledJobProbe.Schedule.SlotAt(clock.GetUtcNow());
        var last = await JobTestHost.FinishedRunAsync(Services, slot);

        var jobs = await (await Client.GetAsync("/api/v1/jobs", Cancellation)).ReadAsync<List<JobResponse>>(HttpStatusCode.OK);

        Assert.Equal(
            ["audit.checkpoint", "audit.verify", "idempotency.purge-expired", "identity.prune-tokens", "identity.rotate-token-keys", "jobs.prune-runs", "orders.daily-sales-summary", "orders.expire-unpaid", ScheduledJobProbe.JobName, "webhooks.purge-deliveries"],
            jobs.Select(j => j.Name).Order(StringComparer.Ordinal));
        var probed = Assert.Single(jobs, j => j.Name == ScheduledJobProbe.JobName);
        Assert.Equal(("interval", TimeSpan.FromHours(1)), (probed.Schedule.Kind, probed.Schedule.Every));
        Assert.Equal((slot, "succeeded", last.InstanceId), (probed.LastRun!.ScheduledAt, probed.LastRun.Status, probed.LastRun.Instance));
        Assert.NotNull(probed.LastRun.FinishedAt);
        Assert.True(probed.NextRunAt > slot);
        var summary = Assert.Single(jobs, j => j.Name == SummariseDailySales.JobName);
        Assert.Equal(("daily", "00:05:00"), (summary.Schedule.Kind, summary.Schedule.At));
    }

    [Fact]
    public async Task A_jobs_runs_are_listed_newest_first_in_pages()
    {
        await JobTestHost.FinishedRunAsync(Services, ScheduledJobProbe.Schedule.SlotAt(clock.GetUtcNow()));
        var runs = await JobTestHost.RunsAsync(Services);

        var first = await (await Client.GetAsync($"/api/v1/jobs/{ScheduledJobProbe.JobName}/runs?limit=1", Cancellation)).ReadAsync<Page<JobRunResponse>>(HttpStatusCode.OK);
        var unknown = await Client.GetAsync("/api/v1/jobs/no.such-job/runs", Cancellation);

        Assert.Equal(runs.Max(r => r.ScheduledAt), Assert.Single(first.Data).ScheduledAt);
        Assert.Equal(runs.Count > 1, first.HasMore);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Reading_jobs_needs_jobs_read_which_only_the_administrator_holds_among_built_in_roles()
    {
        var (manager, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Manager]);

        await (await manager.GetAsync("/api/v1/jobs", Cancellation)).AssertProblemAsync(HttpStatusCode.Forbidden, "permission_missing");
        Assert.Contains(Permissions.JobsRead, BuiltInRoles.Definitions[BuiltInRoles.Admin].Permissions);
        Assert.DoesNotContain(BuiltInRoles.Definitions, role => role.Key != BuiltInRoles.Admin && role.Value.Permissions.Contains(Permissions.JobsRead));
    }

    [Fact]
    public async Task Pruning_deletes_finished_runs_past_the_retention_but_keeps_each_jobs_latest_and_running_ones()
    {
        var clockNow = clock.GetUtcNow();
        var now = new DateTimeOffset(clockNow.Ticks - (clockNow.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var job = "test.prune-" + Guid.NewGuid().ToString("N")[..8];
        var lonely = "test.prune-" + Guid.NewGuid().ToString("N")[..8];
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            db.JobRuns.AddRange(
                Run(job, now.AddDays(-40), JobRunStatus.Succeeded),
                Run(job, now.AddDays(-35), JobRunStatus.Failed),
                Run(job, now.AddDays(-33), JobRunStatus.Running),
                Run(job, now.AddDays(-2), JobRunStatus.Succeeded),
                Run(lonely, now.AddDays(-90), JobRunStatus.Succeeded));
            await db.SaveChangesAsync(Cancellation);
        }

        using (var scope = Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PruneJobRuns>()
                .RunAsync(new ScheduledRun(PruneJobRuns.JobName, now, 1), Cancellation);
        }

        Assert.Equal([now.AddDays(-33), now.AddDays(-2)], (await JobTestHost.RunsAsync(Services, job)).Select(r => r.ScheduledAt));
        Assert.Single(await JobTestHost.RunsAsync(Services, lonely));
    }

    private static JobRun Run(string job, DateTimeOffset slot, JobRunStatus status) => new()
    {
        JobName = job,
        ScheduledAt = slot,
        Status = status,
        Attempt = 1,
        InstanceId = "test",
        StartedAt = slot,
        FinishedAt = status == JobRunStatus.Running ? null : slot,
        LeaseExpiresAt = slot,
    };

    [Fact]
    public async Task The_scheduled_expiry_job_expires_orders_past_their_payment_deadline()
    {
        var data = new OrderRuleData(Fixture, Client);
        var order = await data.PlacedAsync(price: 1_000);
        await data.BackdateAsync(order, TimeSpan.FromHours(2));

        for (var waited = 0; waited < 300 && (await data.GetAsync(order)).Status != "expired"; waited++)
        {
            await Task.Delay(100, Cancellation);
        }

        Assert.Equal("expired", (await data.GetAsync(order)).Status);
        Assert.Contains(await JobTestHost.RunsAsync(Services, ExpireUnpaidOrders.JobName), run => run.Status == JobRunStatus.Succeeded);
    }
    [Fact]
    public async Task The_daily_sales_summary_counts_the_previous_days_orders_and_money_by_currency()
    {
        // The start of a fresh day (1 a.m.), so that everything below happens on it.
        var now = clock.GetUtcNow();
        clock.Advance(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(1), TimeSpan.Zero) - now);
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        using var admin = Fixture.CreateClient(); // a token issued on the new day
        var data = new OrderRuleData(Fixture, admin);
        var paid = await data.PaidAsync(price: 1_000, currency: "USD");
        await (await admin.RefundOrderAsync(paid, 300)).JsonAsync(HttpStatusCode.Created);
        await (await admin.CancelOrderAsync(await data.PlacedAsync(price: 2_000, currency: "USD"))).JsonAsync(HttpStatusCode.OK);
        var expiring = await data.PlacedAsync(price: 3_000, currency: "USD");
        await data.BackdateAsync(expiring, TimeSpan.FromHours(0.75));
        for (var waited = 0; waited < 300 && (await data.GetAsync(expiring)).Status != "expired"; waited++)
        {
            await Task.Delay(100, Cancellation);
        }

        var slot = new DateTimeOffset(day.AddDays(1).ToDateTime(new TimeOnly(0, 5)), TimeSpan.Zero);
        clock.Advance(slot + TimeSpan.FromSeconds(1) - clock.GetUtcNow());
        var run = await JobTestHost.FinishedRunAsync(Services, slot, SummariseDailySales.JobName);

        Assert.Equal(JobRunStatus.Succeeded, run.Status);
        var summary = System.Text.Json.JsonSerializer.Deserialize<DailySalesSummary>(run.Result!, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Equal(day, summary.Day);
        Assert.Equal(
            new CurrencySales("USD", Placed: 3, Paid: 1, Cancelled: 1, Expired: 1, Revenue: paid.Total.Amount, Refunds: 1, Refunded: 300),
            Assert.Single(summary.Currencies, c => c.Currency == "USD"));
        Assert.Contains(Fixture.Factory.Services.GetRequiredService<Microsoft.Extensions.Logging.Testing.FakeLogCollector>().GetSnapshot(),
            record => record.Category == typeof(SummariseDailySales).FullName
                && record.GetStructuredStateValue("Revenue")!.Contains($"USD {paid.Total.Amount}", StringComparison.Ordinal)
                && record.GetStructuredStateValue("Refunded")!.Contains("USD 300", StringComparison.Ordinal));
    }
}

public sealed class ScheduledJobsOnSqlite(ScheduledJobsSqliteFixture fixture)
    : ScheduledJobTests(fixture, fixture.Clock, fixture.Probe), IClassFixture<ScheduledJobsSqliteFixture>;

public sealed class ScheduledJobsOnPostgres(ScheduledJobsPostgresFixture fixture)
    : ScheduledJobTests(fixture, fixture.Clock, fixture.Probe), IClassFixture<ScheduledJobsPostgresFixture>;
