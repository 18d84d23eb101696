using Ordo.Api.Http;

namespace Ordo.Api.Features.Jobs;

/// <summary>What the scheduler did and will do (the scheduler itself is infrastructure: Infrastructure/Jobs).</summary>
public static class JobEndpoints
{
    public static IServiceCollection AddOrdoJobs(this IServiceCollection services) =>
        services.AddJsonTypes(JobsJsonContext.Default);

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapListJobs();
        jobs.MapListJobRuns();
        return api;
    }
}
