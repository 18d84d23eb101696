using Microsoft.Extensions.DependencyInjection.Extensions;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Jobs;

/// <summary>
/// Work that runs on a schedule, once per slot across every instance on the database (see <see cref="JobScheduler"/>).
/// Resolved from a scope of its own for each run. It may run again for the same slot when its instance dies mid-run
/// (another takes over after the lease lapses), so it must be safe to repeat.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Does the work; returns what to store as the run's result (JSON), or null.</summary>
    Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken);
}

/// <summary>The run being executed: its job, slot and attempt (above 1 when it was taken over).</summary>
public sealed record ScheduledRun(string JobName, DateTimeOffset ScheduledAt, int Attempt);

/// <summary>
/// A failure whose message the job wrote to be stored on the run (<c>job_runs.error</c>) and shown by
/// <c>GET /api/v1/jobs</c>; for any other exception only its type is stored, since messages may carry secrets.
/// </summary>
public sealed class ScheduledJobException(string safeMessage) : Exception(safeMessage);

/// <summary>A job as registered: its name, the type that does the work and its schedule (read from options at start).</summary>
public sealed record ScheduledJobRegistration(string Name, Type JobType, Func<IServiceProvider, JobSchedule> Schedule);

/// <summary>A registered job with its schedule resolved.</summary>
public sealed record ScheduledJob(string Name, Type JobType, JobSchedule Schedule);

/// <summary>Every registered job, by name, in registration order.</summary>
public sealed class ScheduledJobCatalogue
{
    public ScheduledJobCatalogue(IEnumerable<ScheduledJobRegistration> registrations, IServiceProvider services)
    {
        var jobs = new List<ScheduledJob>();
        foreach (var registration in registrations)
        {
            if (jobs.Any(job => job.Name == registration.Name))
            {
                throw new InvalidOperationException($"Two scheduled jobs are named '{registration.Name}'.");
            }

            jobs.Add(new ScheduledJob(registration.Name, registration.JobType, registration.Schedule(services)));
        }

        Jobs = jobs;
    }

    public IReadOnlyList<ScheduledJob> Jobs { get; }

    public ScheduledJob? Find(string name) => Jobs.FirstOrDefault(job => job.Name == name);
}

public static class ScheduledJobRegistrations
{
    /// <summary>
    /// Registers a job: <c>services.AddScheduledJob&lt;MyJob&gt;("area.my-job", _ =&gt; JobSchedule.Every(TimeSpan.FromMinutes(5)))</c>.
    /// The schedule may read options (<c>provider =&gt; JobSchedule.Every(provider.GetRequiredService&lt;IOptions&lt;X&gt;&gt;().Value.Interval)</c>).
    /// <typeparamref name="TJob"/> is added as a scoped service unless already registered otherwise.
    /// </summary>
    public static IServiceCollection AddScheduledJob<TJob>(this IServiceCollection services, string name, Func<IServiceProvider, JobSchedule> schedule)
        where TJob : class, IScheduledJob
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(schedule);
        if (name.Length > JobRun.MaxJobNameLength)
        {
            throw new ArgumentException($"A job's name is at most {JobRun.MaxJobNameLength} characters.", nameof(name));
        }

        services.AddOrdoJobScheduler();
        services.TryAddScoped<TJob>();
        services.AddSingleton(new ScheduledJobRegistration(name, typeof(TJob), schedule));
        return services;
    }

    /// <summary>The scheduler, its options and the job catalogue; safe to call more than once.</summary>
    public static IServiceCollection AddOrdoJobScheduler(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ScheduledJobCatalogue>();
        services.TryAddSingleton<JobInstance>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, JobScheduler>());
        return services;
    }
}
