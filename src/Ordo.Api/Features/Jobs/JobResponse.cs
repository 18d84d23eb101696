using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Jobs;

/// <summary>A scheduled job: what runs when, how its latest run went and when it runs next.</summary>
public sealed record JobResponse(string Name, JobScheduleResponse Schedule, JobRunResponse? LastRun, DateTimeOffset NextRunAt) : IHasExample<JobResponse>
{
    public static JobResponse Example => new(
        "orders.expire-unpaid",
        new JobScheduleResponse("interval", TimeSpan.FromMinutes(1), null),
        JobRunResponse.Example,
        ExampleValues.At.AddMinutes(1));

    public static JobResponse For(ScheduledJob job, JobRun? lastRun, DateTimeOffset now) => new(
        job.Name,
        JobScheduleResponse.For(job.Schedule),
        lastRun is null ? null : JobRunResponse.From(lastRun),
        job.Schedule.NextRun(lastRun?.ScheduledAt, now));
}

/// <summary>
/// <c>interval</c>: due every <c>every</c> (slots aligned to whole multiples of it in UTC); <c>daily</c>: due each day at
/// <c>at</c> (<c>HH:mm:ss</c>, UTC).
/// </summary>
public sealed record JobScheduleResponse(
    [property: ClosedSet("JobScheduleKind", typeof(JobScheduleResponse), nameof(JobScheduleResponse.Kinds))] string Kind,
    TimeSpan? Every,
    [property: RegularExpression("^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$")] string? At)
{
    public static readonly IReadOnlyList<string> Kinds = ["interval", "daily"];

    public static JobScheduleResponse For(JobSchedule schedule) => schedule switch
    {
        IntervalSchedule interval => new("interval", interval.Interval, null),
        DailySchedule daily => new("daily", null, daily.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
        _ => throw new ArgumentOutOfRangeException(nameof(schedule), schedule, "Unknown kind of schedule."),
    };
}

/// <summary>
/// One run: the slot it belongs to, the instance that ran it, its outcome and, for a failure, the type of error (never
/// its message, which may carry secrets, unless the job wrote one to be shown). <c>attempt</c> is above 1 when an
/// instance took the run over after its first instance vanished. <c>result</c> is what the job reported (an object), if anything.
/// </summary>
public sealed record JobRunResponse(
    DateTimeOffset ScheduledAt,
    [property: ClosedSet(typeof(JobRunStatus))] string Status,
    int Attempt,
    string Instance,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    Dictionary<string, JsonElement>? Result) : IHasExample<JobRunResponse>
{
    public static JobRunResponse Example => new(
        ExampleValues.At,
        "succeeded",
        1,
        "ordo-api-7f9c-1-a41c0e",
        ExampleValues.At.AddMilliseconds(212),
        ExampleValues.At.AddMilliseconds(480),
        null,
        new Dictionary<string, JsonElement> { ["expired"] = JsonSerializer.SerializeToElement(3, JobsJsonContext.Default.Int32) });

    public static JobRunResponse From(JobRun run) => new(
        run.ScheduledAt,
        JsonNamingPolicy.SnakeCaseLower.ConvertName(run.Status.ToString()),
        run.Attempt,
        run.InstanceId,
        run.StartedAt,
        run.FinishedAt,
        run.Error,
        run.Result is null ? null : JsonSerializer.Deserialize(run.Result, JobsJsonContext.Default.DictionaryStringJsonElement));
}
