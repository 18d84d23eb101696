using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Ordo.Persistence;

namespace Ordo.Api.Infrastructure.Jobs;

/// <summary>Section <c>Jobs</c>: the scheduler every instance runs. Defaults are the production ones.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Whether this instance runs scheduled jobs at all (off: an instance that only serves requests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler looks for due slots; a job with a shorter interval is looked at as often as it is due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Jobs:PollInterval must be between 10 milliseconds and 1 minute.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a run stays claimed without a sign of life: its instance extends it every third of this while the job
    /// runs; once it lapses (the instance died) another instance takes the run over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Jobs:Lease must be between 1 second and 1 hour.")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long finished runs stay in <c>job_runs</c> (each job's latest stays regardless); pruned daily.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Jobs:RunRetention must be between 1 day and 10 years.")]
    public TimeSpan RunRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>This instance's name in <c>job_runs</c>; unset, the host name, process id and a random suffix.</summary>
    [MaxLength(JobRun.MaxInstanceLength, ErrorMessage = "Jobs:InstanceId must be at most 200 characters.")]
    public string? InstanceId { get; set; }
}

/// <summary>This instance's id in job runs.</summary>
public sealed class JobInstance(IOptions<JobOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.InstanceId)
        ? $"{Truncated(Environment.MachineName, 150)}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}"
        : options.Value.InstanceId.Trim();

    private static string Truncated(string value, int length) => value.Length <= length ? value : value[..length];
}
