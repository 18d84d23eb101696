using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Ordo.Api.Features.Webhooks;

/// <summary>Section <c>Webhooks</c>: how deliveries are sent, retried and guarded (ADR 0024).</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>Whether this instance runs the delivery worker. Off for instances that only serve requests.</summary>
    public bool Deliver { get; set; } = true;

    /// <summary>How long the worker waits when it found nothing due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries claimed per round (sent one after another by this instance).</summary>
    [Range(1, 100)]
    public int BatchSize { get; set; } = 10;

    /// <summary>How long a receiver has to answer (connect, send, headers and the capped body) before the attempt counts as a timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this much of a response body is read (and then ignored); the rest is cut off with the connection.</summary>
    [Range(0, 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>The wait after the first failed attempt; it doubles per attempt (plus up to a fifth of jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two attempts of a delivery; not shorter than <see cref="FirstRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Attempts per delivery before it fails for good. With the defaults, 12 attempts span about 20.5 to 24.6 hours.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Failed attempts in a row (across deliveries, reset by a success) after which the subscription is disabled.</summary>
    [Range(1, 100_000)]
    public int DisableAfterConsecutiveFailures { get; set; } = 50;

    /// <summary>How long finished (succeeded or failed) deliveries and their attempts are kept before the purge job removes them.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Allow <c>http://</c> receiver URLs (tests, Development). Off: only <c>https://</c>.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Networks (CIDR, e.g. <c>127.0.0.0/8</c>, <c>10.20.0.0/16</c>, <c>::1/128</c>) that receivers may be in although
    /// they are private, loopback or link-local. Empty (the default): only public addresses are reached.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];

    internal IReadOnlyList<IPNetwork> AllowedNetworkList() =>
        [.. AllowedNetworks.Select(text => IPNetwork.Parse(text.Trim()))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult("Webhooks:MaxRetryDelay must not be shorter than Webhooks:FirstRetryDelay.", [nameof(MaxRetryDelay)]);
        }

        foreach (var network in AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network?.Trim(), out _))
            {
                yield return new ValidationResult(
                    $"Webhooks:AllowedNetworks holds '{network}', which is not a network in CIDR notation (e.g. 127.0.0.0/8).", [nameof(AllowedNetworks)]);
            }
        }
    }
}
