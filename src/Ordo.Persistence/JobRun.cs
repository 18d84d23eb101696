namespace Ordo.Persistence;

/// <summary>
/// One scheduled run of a job: the row for (job, scheduled time) is the claim on that slot. The first instance to insert
/// it runs the job; the others see the row and skip. While running, its owner keeps extending the lease; a row still
/// running after its lease lapsed belonged to an instance that died and may be taken over (the attempt counts up).
/// </summary>
public sealed class JobRun
{
    public const int MaxJobNameLength = 100;
    public const int MaxInstanceLength = 200;
    public const int MaxErrorLength = 1000;

    public string JobName { get; set; } = null!;

    /// <summary>The slot: the time the schedule said the run was due (not when it started).</summary>
    public DateTimeOffset ScheduledAt { get; set; }

    public JobRunStatus Status { get; set; }

    /// <summary>1 for the first instance; one more for each instance that took the run over after a lapsed lease.</summary>
    public int Attempt { get; set; }

    /// <summary>The instance that runs (or ran) it: <c>Jobs:InstanceId</c>, else host name, process id and a random suffix.</summary>
    public string InstanceId { get; set; } = null!;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset LeaseExpiresAt { get; set; }

    /// <summary>Why it failed: the exception's type, and a message only where the job wrote one that is safe to store.</summary>
    public string? Error { get; set; }

    /// <summary>What the job reported, as JSON (e.g. the daily sales summary's figures).</summary>
    public string? Result { get; set; }
}

public enum JobRunStatus
{
    Running,
    Succeeded,
    Failed,

    /// <summary>Its instance vanished and the slot passed before anyone took it over; the next slot does the work.</summary>
    Abandoned,
}
