using System.Globalization;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Jobs;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>
/// Hourly, the chain's head (sequence and hash), signed, to the log stream: a rewrite of the whole table from some entry
/// on, head included, is consistent in the database but no longer matches the checkpoints logged before it (ADR 0021).
/// Without <c>Audit:CheckpointKey</c> there is nothing to sign with: the run says so in its result instead of failing
/// every hour.
/// </summary>
public sealed class AuditCheckpointJob(AuditCheckpoints checkpoints, IOptions<AuditOptions> options) : IScheduledJob
{
    public const string JobName = "audit.checkpoint";

    public static readonly JobSchedule Schedule = JobSchedule.Every(TimeSpan.FromHours(1));

    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        if (options.Value.CheckpointKeyBytes() is null)
        {
            return """{"skipped":"Audit:CheckpointKey is not set"}""";
        }

        var checkpoint = await checkpoints.WriteCheckpointAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $$"""{"sequence":{{checkpoint.Sequence}}}""");
    }
}

/// <summary>
/// Nightly, the whole chain walked (<see cref="AuditVerifier"/>); a break fails the run, naming the first broken entry,
/// so <c>GET /api/v1/jobs</c> and the failed-run log line say so.
/// </summary>
public sealed class AuditVerificationJob(AuditVerifier verifier) : IScheduledJob
{
    public const string JobName = "audit.verify";

    public static readonly JobSchedule Schedule = JobSchedule.DailyAt(new TimeOnly(2, 30));

    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        var verification = await verifier.VerifyAsync(cancellationToken);
        if (verification.FirstBreak is { } broken)
        {
            throw new ScheduledJobException($"Audit chain broken at entry {broken.Sequence} ({broken.Kind}).");
        }

        return string.Create(CultureInfo.InvariantCulture, $$"""{"entriesChecked":{{verification.EntriesChecked}}}""");
    }
}
