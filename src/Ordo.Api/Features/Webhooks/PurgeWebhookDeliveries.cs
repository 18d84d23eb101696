using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

/// <summary>Deletes finished deliveries (and their attempts, by cascade) older than <see cref="WebhookOptions.Retention"/>.</summary>
public sealed class PurgeWebhookDeliveries(OrdoDbContext db, IOptions<WebhookOptions> options, TimeProvider time) : IScheduledJob
{
    public const string JobName = "webhooks.purge-deliveries";

    public static readonly JobSchedule Schedule = JobSchedule.Every(TimeSpan.FromHours(1));

    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        DateTimeOffset? cutoff = time.GetUtcNow() - options.Value.Retention;
        var deleted = await db.WebhookDeliveries
            .Where(d => d.Status != WebhookDeliveryStatus.Pending && d.CompletedAt != null && d.CompletedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $$"""{"deleted":{{deleted}}}""");
    }
}
