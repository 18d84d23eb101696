using System.Diagnostics.Metrics;
using Ordo.Domain.Common;

namespace Ordo.Api.Infrastructure.Telemetry;

/// <summary>
/// Ordo's business instruments, all on the meter <see cref="MeterName"/> (docs/observability.md lists them with their
/// Prometheus names). Order and money counters are fed by <see cref="CommittedOrderMetrics"/> once a change has
/// committed; the rest where the refusal or the outcome is decided. Created through the host's
/// <see cref="IMeterFactory"/>, so two hosts in one process (tests) keep separate counts.
/// </summary>
public sealed class OrdoMetrics
{
    public const string MeterName = "Ordo";

    private readonly Counter<long> _ordersPlaced;
    private readonly Counter<long> _ordersPaid;
    private readonly Counter<long> _ordersCancelled;
    private readonly Counter<long> _ordersExpired;
    private readonly Counter<double> _revenue;
    private readonly Counter<double> _refunds;
    private readonly Counter<long> _stockOuts;
    private readonly Histogram<double> _outboxLag;
    private readonly Counter<long> _signInFailures;
    private readonly Counter<long> _lockouts;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Counter<long> _jobRuns;

    public OrdoMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(MeterName);
        _ordersPlaced = Meter.CreateCounter<long>("ordo.orders.placed", "{order}", "Orders placed (committed), by currency.");
        _ordersPaid = Meter.CreateCounter<long>("ordo.orders.paid", "{order}", "Payments recorded on orders (committed), by currency.");
        _ordersCancelled = Meter.CreateCounter<long>("ordo.orders.cancelled", "{order}", "Orders cancelled (committed), by currency.");
        _ordersExpired = Meter.CreateCounter<long>("ordo.orders.expired", "{order}", "Unpaid orders expired by the expiry job (committed), by currency.");
        _revenue = Meter.CreateCounter<double>("ordo.revenue", null, "Payments captured, in the currency's major unit, by currency.");
        _refunds = Meter.CreateCounter<double>("ordo.refunds", null, "Refunds issued (including those of cancelled paid orders), in the currency's major unit, by currency.");
        _stockOuts = Meter.CreateCounter<long>("ordo.orders.stock_outs", "{placement}", "Order placements refused for insufficient stock.");
        _outboxLag = Meter.CreateHistogram<double>(
            "ordo.outbox.lag", "s", "Time from an event's occurrence to its delivery to every consumer, by event type.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });
        _signInFailures = Meter.CreateCounter<long>("ordo.identity.sign_in_failures", "{attempt}", "Refused sign-ins, by reason.");
        _lockouts = Meter.CreateCounter<long>("ordo.identity.lockouts", "{lockout}", "Accounts locked after too many failed attempts.");
        _rateLimitRejections = Meter.CreateCounter<long>("ordo.rate_limit.rejections", "{request}", "Requests refused with 429, by limit policy.");
        _webhookDeliveries = Meter.CreateCounter<long>("ordo.webhook.deliveries", "{delivery}", "Webhook delivery attempts, by outcome (delivered, failed).");
        _jobRuns = Meter.CreateCounter<long>("ordo.job.runs", "{run}", "Scheduled job runs, by job and outcome (succeeded, failed).");
    }

    public Meter Meter { get; }

    public void OrderPlaced(string currency) => _ordersPlaced.Add(1, Currency(currency));

    public void OrderPaid(Money amount)
    {
        _ordersPaid.Add(1, Currency(amount.Currency));
        _revenue.Add(MajorUnits(amount), Currency(amount.Currency));
    }

    public void OrderCancelled(string currency) => _ordersCancelled.Add(1, Currency(currency));

    public void OrderExpired(string currency) => _ordersExpired.Add(1, Currency(currency));

    public void Refunded(Money amount) => _refunds.Add(MajorUnits(amount), Currency(amount.Currency));

    public void StockOut() => _stockOuts.Add(1);

    public void OutboxDelivered(string type, TimeSpan lag) =>
        _outboxLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("type", type));

    public void SignInFailed(string reason) => _signInFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LockedOut() => _lockouts.Add(1);

    public void RateLimited(string policy) => _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("policy", policy));

    /// <summary>One webhook attempt recorded (after its commit): <paramref name="delivered"/> false for a failed attempt.</summary>
    public void WebhookDelivery(bool delivered) =>
        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "failed"));

    // Not "job": Prometheus gives every scraped series a "job" label of its own (the scrape job), and renames a clashing one.
    private const string JobLabel = "ordo_job";

    public void JobRun(string job, bool succeeded) =>
        _jobRuns.Add(1, new KeyValuePair<string, object?>(JobLabel, job), new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));

    /// <summary>Starts each job's series at zero: a counter whose first sample is already 1 shows no increase.</summary>
    public void JobsScheduled(IEnumerable<string> jobs)
    {
        foreach (var job in jobs)
        {
            foreach (var outcome in (string[])["succeeded", "failed"])
            {
                _jobRuns.Add(0, new KeyValuePair<string, object?>(JobLabel, job), new KeyValuePair<string, object?>("outcome", outcome));
            }
        }
    }

    /// <summary>The expiry of the signing key in force, as a Unix time in seconds (observed at each collection; none before the keys load).</summary>
    public void ObserveSigningKeyExpiry(Func<DateTimeOffset?> expiry)
    {
        ArgumentNullException.ThrowIfNull(expiry);
        Meter.CreateObservableGauge(
            "ordo.identity.signing_key.expiry",
            () => expiry() is { } at ? [new Measurement<double>(at.ToUnixTimeSeconds())] : Array.Empty<Measurement<double>>(),
            "s",
            "When the token signing key in force reaches the end of its lifetime (Unix time): rotation must have replaced it before.");
    }

    private static KeyValuePair<string, object?> Currency(string code) => new("currency", code);

    // A double (OpenTelemetry has no decimal instruments): exact for every amount below 2^53 minor units.
    private static double MajorUnits(Money amount) =>
        Currencies.TryGetMinorUnits(amount.Currency, out var exponent) ? amount.Amount / Math.Pow(10, exponent) : amount.Amount;
}
