using System.Security.Cryptography;

namespace Ordo.Api.Features.Webhooks;

/// <summary>What an attempt's result means for its delivery.</summary>
public enum WebhookVerdict
{
    /// <summary>2xx.</summary>
    Succeeded,

    /// <summary>Timeout, connection failure, 5xx, 408, 429: try again after the back-off.</summary>
    Retry,

    /// <summary>Any other answer (3xx: redirects are not followed; other 4xx), or a target the policy refuses: no retry.</summary>
    Failed,

    /// <summary>410: fails, and the subscription is disabled (reason <c>gone</c>).</summary>
    Gone,
}

/// <summary>Failure kinds recorded on an attempt that got no usable HTTP answer.</summary>
public static class WebhookFailures
{
    public const string Timeout = "timeout";
    public const string Connection = "connection";
    public const string RefusedByPolicy = "refused_by_policy";
    public const string Redirect = "redirect";

    public static readonly IReadOnlyList<string> All = [Timeout, Connection, RefusedByPolicy, Redirect];
}

/// <summary>The outcome rules (ADR 0024) and the retry schedule, in one place.</summary>
public static class WebhookOutcomes
{
    public static WebhookVerdict Classify(int? statusCode, string? failure) => (statusCode, failure) switch
    {
        (_, WebhookFailures.Timeout or WebhookFailures.Connection) => WebhookVerdict.Retry,
        (_, WebhookFailures.RefusedByPolicy or WebhookFailures.Redirect) => WebhookVerdict.Failed,
        ( >= 200 and < 300, _) => WebhookVerdict.Succeeded,
        (410, _) => WebhookVerdict.Gone,
        (408 or 429 or >= 500, _) => WebhookVerdict.Retry,
        _ => WebhookVerdict.Failed,
    };

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: doubling from the first delay, capped, plus up to a fifth of jitter.</summary>
    public static TimeSpan RetryDelay(int attempt, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var doubled = options.FirstRetryDelay * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = doubled > options.MaxRetryDelay ? options.MaxRetryDelay : doubled;
        return delay + (delay * (RandomNumberGenerator.GetInt32(0, 200) / 1000.0));
    }
}
