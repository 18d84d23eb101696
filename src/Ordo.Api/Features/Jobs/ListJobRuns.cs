using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;

namespace Ordo.Api.Features.Jobs;

public static class ListJobRuns
{
    public static RouteHandlerBuilder MapListJobRuns(this IEndpointRouteBuilder jobs) =>
        jobs.MapGet("/{name:maxlength(100)}/runs", HandleAsync)
            .WithName("ListJobRuns")
            .WithSummary("A job's runs")
            .WithDescription("The job's runs, newest slot first, cursor-paginated: one per slot, whichever instance ran it. `not_found` for a name no job has.")
            .ListsPages()
            .RequirePermission(Permissions.JobsRead);

    /// <summary>The use case: up to <paramref name="take"/> runs of the job with slots before <paramref name="before"/>, newest first.</summary>
    public static async Task<Result<List<JobRun>>> ExecuteAsync(
        string name, DateTimeOffset? before, int take, ScheduledJobCatalogue catalogue, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        if (catalogue.Find(name) is null)
        {
            return HttpErrors.NotFound.Error("No job exists with this name.");
        }

        var runs = db.JobRuns.AsNoTracking().Where(r => r.JobName == name);
        if (before is { } cursor)
        {
            runs = runs.Where(r => r.ScheduledAt < cursor);
        }

        return await runs.OrderByDescending(r => r.ScheduledAt).Take(take).ToListAsync(cancellationToken);
    }

    public static async Task<Results<Ok<Page<JobRunResponse>>, ProblemHttpResult>> HandleAsync(
        string name, ScheduledJobCatalogue catalogue, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, $"job-runs:{name}");
        var before = query.CursorKeys(1, keys => long.TryParse(keys[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks) is { } keys
            ? new DateTimeOffset(long.Parse(keys[0], CultureInfo.InvariantCulture), TimeSpan.Zero)
            : (DateTimeOffset?)null;
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        return (await ExecuteAsync(name, before, query.Limit + 1, catalogue, db, cancellationToken)).ToHttp(runs => TypedResults.Ok(Paging.Respond(
            http,
            runs.Select(JobRunResponse.From).ToList(),
            query.Limit,
            run => [run.ScheduledAt.UtcTicks.ToString(CultureInfo.InvariantCulture)],
            query.Scope)));
    }
}
