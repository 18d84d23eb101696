namespace Ordo.Api.Infrastructure.Jobs;

/// <summary>
/// When a job is due, as slots: every instance computes the same slot for the same moment (intervals are aligned to
/// <see cref="DateTimeOffset.MinValue"/> in UTC, not to when an instance started), so the slot names the run that all of
/// them compete for. A run that starts late still belongs to its slot; a slot nobody ran is not caught up.
/// </summary>
public abstract record JobSchedule
{
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(1);

    /// <summary>Due every <paramref name="interval"/> (at least a second, whole milliseconds).</summary>
    public static JobSchedule Every(TimeSpan interval)
    {
        if (interval < ShortestInterval || interval.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A job's interval is at least one second, in whole milliseconds.");
        }

        return new IntervalSchedule(interval);
    }

    /// <summary>Due once a day at <paramref name="utcTime"/> (UTC, whole seconds).</summary>
    public static JobSchedule DailyAt(TimeOnly utcTime) => new DailySchedule(new TimeOnly(utcTime.Hour, utcTime.Minute, utcTime.Second));

    /// <summary>The slot in force at <paramref name="now"/>: the latest due time not after it.</summary>
    public abstract DateTimeOffset SlotAt(DateTimeOffset now);

    /// <summary>The slot after <paramref name="slot"/>.</summary>
    public abstract DateTimeOffset SlotAfter(DateTimeOffset slot);

    /// <summary>The time between two slots.</summary>
    public abstract TimeSpan Period { get; }

    /// <summary>
    /// When the job runs next, given the slot of its latest run (null: never ran): the slot in force if nobody ran it
    /// yet (due now), else the one after it.
    /// </summary>
    public DateTimeOffset NextRun(DateTimeOffset? lastSlot, DateTimeOffset now)
    {
        var current = SlotAt(now);
        return lastSlot >= current ? SlotAfter(current) : current;
    }
}

public sealed record IntervalSchedule : JobSchedule
{
    internal IntervalSchedule(TimeSpan interval) => Interval = interval;

    public TimeSpan Interval { get; }

    public override TimeSpan Period => Interval;

    public override DateTimeOffset SlotAt(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % Interval.Ticks), TimeSpan.Zero);

    public override DateTimeOffset SlotAfter(DateTimeOffset slot) => slot + Interval;

    public override string ToString() => $"every {Interval:c}";
}

public sealed record DailySchedule : JobSchedule
{
    internal DailySchedule(TimeOnly at) => At = at;

    /// <summary>The time of day, UTC.</summary>
    public TimeOnly At { get; }

    public override TimeSpan Period => TimeSpan.FromDays(1);

    public override DateTimeOffset SlotAt(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date + At.ToTimeSpan(), TimeSpan.Zero);
        return today <= now ? today : today.AddDays(-1);
    }

    public override DateTimeOffset SlotAfter(DateTimeOffset slot) => slot.AddDays(1);

    public override string ToString() => $"daily at {At:HH:mm:ss} UTC";
}
