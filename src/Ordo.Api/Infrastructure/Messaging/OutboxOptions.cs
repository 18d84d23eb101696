using System.ComponentModel.DataAnnotations;

namespace Ordo.Api.Infrastructure.Messaging;

/// <summary>Section <c>Outbox</c>: how domain events and account emails leave the service (ADR 0022).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Whether this instance runs the dispatcher. Off for instances that only serve requests.</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>How long the dispatcher waits when it found nothing to deliver.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages taken per round (on PostgreSQL: locked together, each the oldest of its partition).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// How long one round's deliveries may take: a delivery still running then counts as failed, and the messages of the
    /// round not yet started go back. Messages are taken for twice this long, so no other instance takes them meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after the first failed delivery; it doubles per attempt (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two delivery attempts of a message.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Failed deliveries after which a message is parked: logged as an error, no longer retried, and no longer holding
    /// back the later messages of its partition. The default, with the default delays, is about a day of retries.
    /// </summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 56;

    /// <summary>How long delivered events stay in the table (for inspection and redelivery) before they are purged.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// <c>product.stock_low</c> fires when a product's available stock (on hand minus reserved) drops from at least
    /// this many units to fewer. One threshold for the catalogue, also what the dashboard summary lists as low stock by
    /// default; 0 turns the event off.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int StockLowThreshold { get; set; } = 5;
}
