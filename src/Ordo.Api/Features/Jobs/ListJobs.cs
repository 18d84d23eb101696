using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Persistence;

namespace Ordo.Api.Features.Jobs;

public static class ListJobs
{
    public static RouteHandlerBuilder MapListJobs(this IEndpointRouteBuilder jobs) =>
        jobs.MapGet("/", HandleAsync)
            .WithName("ListJobs")
            .WithSummary("List scheduled jobs")
            .WithDescription("Every job the service runs on a schedule, in registration order: its schedule, its latest run (started, finished, outcome, instance, error type) and when it runs next. Each slot runs once across all instances on the database.")
            .RequirePermission(Permissions.JobsRead);

    /// <summary>The use case: every registered job with its latest run, as of <paramref name="now"/>.</summary>
    public static async Task<List<JobResponse>> ExecuteAsync(ScheduledJobCatalogue catalogue, OrdoDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var jobs = new List<JobResponse>();
        foreach (var job in catalogue.Jobs)
        {
            // One indexed read per job (the key is job name and slot): a handful of jobs, newest slot first.
            var last = await db.JobRuns.AsNoTracking().Where(r => r.JobName == job.Name).OrderByDescending(r => r.ScheduledAt).FirstOrDefaultAsync(cancellationToken);
            jobs.Add(JobResponse.For(job, last, now));
        }

        return jobs;
    }

    public static async Task<Ok<List<JobResponse>>> HandleAsync(
        ScheduledJobCatalogue catalogue, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ExecuteAsync(catalogue, db, time.GetUtcNow(), cancellationToken));
}
