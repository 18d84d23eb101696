using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Jobs;

/// <summary>What the test job did, shared by every host of a fixture: executions per slot, and slots it must fail.</summary>
public sealed class ScheduledJobProbe
{
    public const string JobName = "test.probe";

    public static readonly JobSchedule Schedule = JobSchedule.Every(TimeSpan.FromHours(1));

    private readonly ConcurrentDictionary<DateTimeOffset, int> _executions = new();

    public ConcurrentDictionary<DateTimeOffset, bool> FailingSlots { get; } = new();

    /// <summary>How long each execution takes: long enough that two instances' ticks overlap it.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMilliseconds(100);

    public int ExecutionsOf(DateTimeOffset slot) => _executions.GetValueOrDefault(slot);

    public IReadOnlyDictionary<DateTimeOffset, int> Executions => _executions;

    internal void Executed(DateTimeOffset slot) => _executions.AddOrUpdate(slot, 1, (_, count) => count + 1);
}

/// <summary>The test job: counts its executions per slot, takes <see cref="ScheduledJobProbe.Duration"/>, fails where told.</summary>
public sealed class ProbeJob(ScheduledJobProbe probe) : IScheduledJob
{
    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        probe.Executed(run.ScheduledAt);
        await Task.Delay(probe.Duration, cancellationToken);
        if (probe.FailingSlots.ContainsKey(run.ScheduledAt))
        {
            throw new InvalidOperationException("secret-detail: password=hunter2");
        }

        return """{"ok":true}""";
    }
}

public static class JobTestHost
{
    /// <summary>A scheduler that looks every 50 ms, with a lease short enough to lapse in a test, and expiry every second.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Jobs:PollInterval"] = "00:00:00.050",
        ["Jobs:Lease"] = "00:00:03",
        ["Orders:ExpirySweepInterval"] = "00:00:01",
    };

    public static void AddProbeJob(this IServiceCollection services, AdjustableClock clock, ScheduledJobProbe probe)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(probe);
        services.AddScheduledJob<ProbeJob>(ScheduledJobProbe.JobName, _ => ScheduledJobProbe.Schedule);
    }

    public static async Task<List<JobRun>> RunsAsync(IServiceProvider services, string job = ScheduledJobProbe.JobName)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        return await db.JobRuns.AsNoTracking().Where(r => r.JobName == job).OrderBy(r => r.ScheduledAt).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Waits (up to 30 s) until the job's run of <paramref name="slot"/> has ended, and returns it.</summary>
    public static async Task<JobRun> FinishedRunAsync(IServiceProvider services, DateTimeOffset slot, string job = ScheduledJobProbe.JobName)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            var run = (await RunsAsync(services, job)).SingleOrDefault(r => r.ScheduledAt == slot);
            if (run is { Status: not JobRunStatus.Running })
            {
                return run;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"The run of {job} for {slot:O} did not end within 30 s.");
    }

    /// <summary>Moves the clock to <paramref name="offset"/> into the next slot of the probe job, and returns that slot.</summary>
    public static DateTimeOffset MoveToNextSlot(AdjustableClock clock, TimeSpan offset)
    {
        var now = clock.GetUtcNow();
        var next = ScheduledJobProbe.Schedule.SlotAfter(ScheduledJobProbe.Schedule.SlotAt(now));
        clock.Advance(next + offset - now);
        return next;
    }
}
