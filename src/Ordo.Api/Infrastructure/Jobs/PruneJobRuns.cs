using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Jobs;

/// <summary>
/// Deletes finished job runs older than <see cref="JobOptions.RunRetention"/>, keeping each job's latest run (what
/// <c>GET /api/v1/jobs</c> shows). Without it <c>job_runs</c> grows by a row per slot: half a million a year for a
/// job that runs every minute.
/// </summary>
public sealed class PruneJobRuns(OrdoDbContext db, IOptions<JobOptions> options, TimeProvider time) : IScheduledJob
{
    public const string JobName = "jobs.prune-runs";

    public static readonly JobSchedule Schedule = JobSchedule.DailyAt(new TimeOnly(3, 15));

    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        DateTimeOffset cutoff = time.GetUtcNow() - options.Value.RunRetention;
        var deleted = await db.JobRuns
            .Where(r => r.Status != JobRunStatus.Running && r.ScheduledAt < cutoff)
            .Where(r => db.JobRuns.Any(later => later.JobName == r.JobName && later.ScheduledAt > r.ScheduledAt))
            .ExecuteDeleteAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $$"""{"deleted":{{deleted}}}""");
    }
}
