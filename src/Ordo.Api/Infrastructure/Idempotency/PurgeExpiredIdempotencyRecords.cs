using System.Globalization;
using Ordo.Api.Infrastructure.Jobs;

namespace Ordo.Api.Infrastructure.Idempotency;

/// <summary>
/// Deletes idempotency records past their 24 hours: housekeeping only (a claim already treats an expired record as
/// gone), so hourly is often enough. A scheduled job of its own; it used to ride on the order expiry sweep.
/// </summary>
public sealed class PurgeExpiredIdempotencyRecords(IdempotencyStore store) : IScheduledJob
{
    public const string JobName = "idempotency.purge-expired";

    public static readonly JobSchedule Schedule = JobSchedule.Every(TimeSpan.FromHours(1));

    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        var deleted = await store.PurgeExpiredAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $$"""{"deleted":{{deleted}}}""");
    }
}
