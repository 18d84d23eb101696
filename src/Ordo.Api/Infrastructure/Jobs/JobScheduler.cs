using Microsoft.Extensions.Options;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Jobs;

/// <summary>
/// One per instance: every <see cref="JobOptions.PollInterval"/> it looks at each job's slot in force and, when no run of
/// that slot is known, claims it in <c>job_runs</c> (<see cref="JobRunLedger"/>); the instance that wins runs the job,
/// the others remember the slot as taken. Knowing that costs no statement until the next slot, or until a claimed run's
/// lease may have lapsed. Jobs run side by side, each at most once at a time on this instance.
/// Shutdown: no new run starts; running ones finish within the host's shutdown timeout, else they are cancelled and
/// give up their lease, so that another instance takes them over (jobs are safe to repeat).
/// </summary>
public sealed partial class JobScheduler(
    ScheduledJobCatalogue catalogue,
    IServiceScopeFactory scopes,
    IOptions<JobOptions> options,
    JobInstance instance,
    TimeProvider time,
    ILogger<JobScheduler> logger) : BackgroundService
{
    private readonly Dictionary<string, JobState> _states = catalogue.Jobs.ToDictionary(job => job.Name, _ => new JobState());
    private readonly CancellationTokenSource _interrupt = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || catalogue.Jobs.Count == 0)
        {
            LogDisabled(logger, catalogue.Jobs.Count);
            return;
        }

        // Every job's outcome series exists from the start at zero, so the first failure is an increase an alert sees.
        using (var scope = scopes.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<Telemetry.OrdoMetrics>().JobsScheduled(catalogue.Jobs.Select(job => job.Name));
        }

        var period = catalogue.Jobs.Select(job => job.Schedule.Period).Append(options.Value.PollInterval).Min();
        using var timer = new PeriodicTimer(period, time);
        do
        {
            await TickAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        foreach (var job in catalogue.Jobs)
        {
            var state = _states[job.Name];
            var now = time.GetUtcNow();
            var slot = job.Schedule.SlotAt(now);
            if (state.Running is { IsCompleted: false } || state.KnownSlot == slot && (state.RecheckAt is null || now < state.RecheckAt))
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
                var claim = await JobRunLedger.ClaimAsync(db, job.Name, slot, instance.Id, now, options.Value.Lease, stoppingToken);
                state.KnownSlot = slot;
                switch (claim)
                {
                    case JobRunLedger.Claim.Owned owned:
                        state.RecheckAt = null;
                        if (owned.Attempt > 1)
                        {
                            LogTakenOver(logger, job.Name, slot, owned.Attempt);
                        }

                        state.Running = Task.Run(() => RunAsync(job, new ScheduledRun(job.Name, slot, owned.Attempt)), CancellationToken.None);
                        await AbandonLapsedAsync(db, job.Name, slot, now, stoppingToken);
                        break;
                    case JobRunLedger.Claim.Taken taken:
                        state.RecheckAt = taken.RecheckAt;
                        break;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // An outage (database down, schema not migrated yet) must not stop the scheduler; the next tick tries again.
                LogClaimFailed(logger, exception, job.Name);
            }
        }
    }

    /// <summary>Bookkeeping only: a failure here must not keep the run just claimed from starting.</summary>
    private async Task AbandonLapsedAsync(OrdoDbContext db, string job, DateTimeOffset slot, DateTimeOffset now, CancellationToken stoppingToken)
    {
        try
        {
            await JobRunLedger.AbandonLapsedAsync(db, job, slot, now, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogClaimFailed(logger, exception, job);
        }
    }

    private async Task RunAsync(ScheduledJob job, ScheduledRun run)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(_interrupt.Token);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = KeepLeaseAsync(run, lost, stopHeartbeat.Token);
        string? result = null;
        string? error = null;
        var interrupted = false;
        var started = time.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var work = (IScheduledJob)scope.ServiceProvider.GetRequiredService(job.JobType);
            result = await work.RunAsync(run, lost.Token);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            interrupted = true;
        }
        catch (Exception exception)
        {
            error = Summary(exception);
            LogJobFailed(logger, exception, job.Name, run.ScheduledAt);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            var now = time.GetUtcNow();
            var elapsed = time.GetElapsedTime(started);
            if (interrupted)
            {
                await JobRunLedger.ReleaseAsync(db, run.JobName, run.ScheduledAt, instance.Id, run.Attempt, now, CancellationToken.None);
                LogInterrupted(logger, job.Name, run.ScheduledAt);
            }
            else if (await JobRunLedger.FinishAsync(db, run.JobName, run.ScheduledAt, instance.Id, run.Attempt, now, error, result, CancellationToken.None))
            {
                scope.ServiceProvider.GetRequiredService<Telemetry.OrdoMetrics>().JobRun(job.Name, succeeded: error is null);
                LogJobFinished(logger, job.Name, run.ScheduledAt, error is null ? "succeeded" : "failed", elapsed.TotalMilliseconds);
            }
            else
            {
                LogLeaseLost(logger, job.Name, run.ScheduledAt);
            }
        }
        catch (Exception exception)
        {
            // The lease lapses on its own and another instance runs the slot again.
            LogRecordFailed(logger, exception, job.Name, run.ScheduledAt);
        }
    }

    /// <summary>Extends the lease every third of it while the job runs; if the run was taken over meanwhile, cancels the job.</summary>
    private async Task KeepLeaseAsync(ScheduledRun run, CancellationTokenSource lost, CancellationToken stop)
    {
        var lease = options.Value.Lease;
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, time, stop);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
                    if (!await JobRunLedger.ExtendLeaseAsync(db, run.JobName, run.ScheduledAt, instance.Id, run.Attempt, time.GetUtcNow() + lease, stop))
                    {
                        LogLeaseLost(logger, run.JobName, run.ScheduledAt);
                        await lost.CancelAsync();
                        return;
                    }
                }
                catch (Exception exception) when (!stop.IsCancellationRequested)
                {
                    LogLeaseNotExtended(logger, exception, run.JobName);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The job ended.
        }
    }

    /// <summary>What is stored about a failure: never the message of an arbitrary exception (it may hold a connection string or data).</summary>
    private static string Summary(Exception exception)
    {
        var summary = exception is ScheduledJobException failure ? failure.Message : exception.GetType().FullName ?? exception.GetType().Name;
        return summary.Length <= JobRun.MaxErrorLength ? summary : summary[..JobRun.MaxErrorLength];
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Past the host's shutdown timeout, running jobs are cancelled and give their runs up.
        await using var interrupt = cancellationToken.Register(_interrupt.Cancel);
        await base.StopAsync(cancellationToken);
        var running = _states.Values.Select(state => state.Running).OfType<Task>().ToArray();
        try
        {
            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted runs release their leases as they end; any that can't lapse on their own.
        }
    }

    public override void Dispose()
    {
        _interrupt.Dispose();
        base.Dispose();
    }

    private sealed class JobState
    {
        /// <summary>The slot whose run this instance knows of (claimed it, or saw it claimed).</summary>
        public DateTimeOffset? KnownSlot { get; set; }

        /// <summary>When another instance's lease on the slot lapses: look again then. Null: the slot is settled.</summary>
        public DateTimeOffset? RecheckAt { get; set; }

        public Task? Running { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled jobs are not run on this instance ({JobCount} registered; Jobs:Enabled is false or none registered)")]
    private static partial void LogDisabled(ILogger logger, int jobCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Job} of {ScheduledAt} {Outcome} in {ElapsedMs} ms")]
    private static partial void LogJobFinished(ILogger logger, string job, DateTimeOffset scheduledAt, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} of {ScheduledAt} failed; it runs again at its next slot")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string job, DateTimeOffset scheduledAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Took over job {Job} of {ScheduledAt} (attempt {Attempt}): its instance's lease had lapsed")]
    private static partial void LogTakenOver(ILogger logger, string job, DateTimeOffset scheduledAt, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} of {ScheduledAt} was interrupted by shutdown and released for another instance")]
    private static partial void LogInterrupted(ILogger logger, string job, DateTimeOffset scheduledAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} of {ScheduledAt} was taken over by another instance after its lease lapsed")]
    private static partial void LogLeaseLost(ILogger logger, string job, DateTimeOffset scheduledAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the lease of job {Job}; trying again")]
    private static partial void LogLeaseNotExtended(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim job {Job}; trying again at the next tick")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the outcome of job {Job} of {ScheduledAt}; its lease lapses and another instance runs it again")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string job, DateTimeOffset scheduledAt);
}
