using Microsoft.EntityFrameworkCore;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Jobs;

/// <summary>
/// The statements that make a run happen once: claiming a slot (the first INSERT of its row wins, the key refuses the
/// rest), taking over a run whose lease lapsed (one conditional UPDATE, so one instance wins), extending the lease, and
/// recording the outcome. Every change after the claim names the owner (instance and attempt), so an instance that lost
/// its run to another can no longer touch it.
/// </summary>
internal static class JobRunLedger
{
    private const string Running = "running";

    /// <summary>What an instance learnt about a slot it tried to claim.</summary>
    internal abstract record Claim
    {
        /// <summary>This instance owns the run now.</summary>
        internal sealed record Owned(int Attempt) : Claim;

        /// <summary>Another instance ran it (<paramref name="RecheckAt"/> null), or runs it: look again at <paramref name="RecheckAt"/>.</summary>
        internal sealed record Taken(DateTimeOffset? RecheckAt) : Claim;
    }

    /// <summary>
    /// Claims the slot: inserts its row unless it exists, or unless an earlier run of the job still holds a live lease
    /// (runs of one job don't overlap); failing that, takes it over if its owner's lease lapsed.
    /// </summary>
    public static async Task<Claim> ClaimAsync(
        OrdoDbContext db, string job, DateTimeOffset slot, string instance, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var at = Stored(db, now);
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO job_runs (job_name, scheduled_at, status, attempt, instance_id, started_at, lease_expires_at)
            SELECT {job}, {Stored(db, slot)}, {Running}, 1, {instance}, {at}, {Stored(db, now + lease)}
            WHERE NOT EXISTS (SELECT 1 FROM job_runs WHERE job_name = {job} AND status = {Running} AND lease_expires_at > {at})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken);
        if (inserted == 1)
        {
            return new Claim.Owned(1);
        }

        var takenOver = await Owned(db, job, slot).Where(r => r.Status == JobRunStatus.Running && r.LeaseExpiresAt <= now)
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.InstanceId, instance)
                    .SetProperty(r => r.Attempt, r => r.Attempt + 1)
                    .SetProperty(r => r.StartedAt, now)
                    .SetProperty(r => r.LeaseExpiresAt, now + lease),
                cancellationToken);
        if (takenOver == 1)
        {
            var attempt = await Owned(db, job, slot).Where(r => r.InstanceId == instance).Select(r => r.Attempt).FirstAsync(cancellationToken);
            return new Claim.Owned(attempt);
        }

        var status = await Owned(db, job, slot).Select(r => (JobRunStatus?)r.Status).FirstOrDefaultAsync(cancellationToken);
        if (status is not (null or JobRunStatus.Running))
        {
            return new Claim.Taken(null); // settled
        }

        // Running elsewhere, or kept unclaimed by an earlier run still running: look again when the lease lapses.
        var lapses = await db.JobRuns.AsNoTracking()
            .Where(r => r.JobName == job && r.ScheduledAt <= slot && r.Status == JobRunStatus.Running)
            .OrderBy(r => r.LeaseExpiresAt)
            .Select(r => (DateTimeOffset?)r.LeaseExpiresAt)
            .FirstOrDefaultAsync(cancellationToken);
        return new Claim.Taken(lapses ?? now);
    }

    /// <summary>Runs of earlier slots whose instance vanished before anyone took them over: nobody will.</summary>
    public static Task<int> AbandonLapsedAsync(OrdoDbContext db, string job, DateTimeOffset slot, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.JobRuns.Where(r => r.JobName == job && r.ScheduledAt < slot && r.Status == JobRunStatus.Running && r.LeaseExpiresAt <= now)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, JobRunStatus.Abandoned).SetProperty(r => r.FinishedAt, now), cancellationToken);

    /// <summary>Extends the lease; false when the run is no longer this owner's (taken over after a lapse).</summary>
    public static async Task<bool> ExtendLeaseAsync(
        OrdoDbContext db, string job, DateTimeOffset slot, string instance, int attempt, DateTimeOffset until, CancellationToken cancellationToken) =>
        await Mine(db, job, slot, instance, attempt).ExecuteUpdateAsync(set => set.SetProperty(r => r.LeaseExpiresAt, until), cancellationToken) == 1;

    /// <summary>Records how the run ended; false when it was no longer this owner's.</summary>
    public static async Task<bool> FinishAsync(
        OrdoDbContext db, string job, DateTimeOffset slot, string instance, int attempt, DateTimeOffset now, string? error, string? result,
        CancellationToken cancellationToken) =>
        await Mine(db, job, slot, instance, attempt).ExecuteUpdateAsync(
            set => set.SetProperty(r => r.Status, error is null ? JobRunStatus.Succeeded : JobRunStatus.Failed)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.LeaseExpiresAt, now)
                .SetProperty(r => r.Error, error)
                .SetProperty(r => r.Result, result),
            cancellationToken) == 1;

    /// <summary>Gives an interrupted run up at once (shutdown): another instance takes it over without waiting for the lease.</summary>
    public static Task<int> ReleaseAsync(
        OrdoDbContext db, string job, DateTimeOffset slot, string instance, int attempt, DateTimeOffset now, CancellationToken cancellationToken) =>
        Mine(db, job, slot, instance, attempt).ExecuteUpdateAsync(set => set.SetProperty(r => r.LeaseExpiresAt, now), cancellationToken);

    private static IQueryable<JobRun> Owned(OrdoDbContext db, string job, DateTimeOffset slot) =>
        db.JobRuns.Where(r => r.JobName == job && r.ScheduledAt == slot);

    private static IQueryable<JobRun> Mine(OrdoDbContext db, string job, DateTimeOffset slot, string instance, int attempt) =>
        Owned(db, job, slot).Where(r => r.InstanceId == instance && r.Attempt == attempt && r.Status == JobRunStatus.Running);

    /// <summary>A time as the model stores it (SQLite keeps times as numbers), for the SQL written by hand.</summary>
    private static object Stored(OrdoDbContext db, DateTimeOffset value) => StoredTimes.ConverterOf(db.Model)?.ConvertToProvider(value) ?? value;
}
