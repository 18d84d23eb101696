using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Infrastructure.Jobs;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>One day's sales in one currency: orders placed, paid, cancelled and expired that day, and the money paid and refunded (minor units).</summary>
public sealed record CurrencySales(string Currency, int Placed, int Paid, int Cancelled, int Expired, long Revenue, int Refunds, long Refunded);

/// <summary>The sales of one UTC day, by currency (only currencies with any activity).</summary>
public sealed record DailySalesSummary(DateOnly Day, IReadOnlyList<CurrencySales> Currencies);

/// <summary>
/// Each day at 00:05 UTC, the previous UTC day's sales (<see cref="DailySalesSummary"/>), computed in SQL from the order
/// events and refunds of that day; stored as the run's result and logged as one line. The day follows from the run's
/// slot, not from the clock, so a run that starts late or is taken over still summarises the day it was due for.
/// Revenue is what was paid that day: a payment always covers the order's total exactly (<see cref="Order.Pay"/>).
/// </summary>
public sealed partial class SummariseDailySales(OrdoDbContext db, ILogger<SummariseDailySales> logger) : IScheduledJob
{
    public const string JobName = "orders.daily-sales-summary";

    public static readonly JobSchedule Schedule = JobSchedule.DailyAt(new TimeOnly(0, 5));

    private static readonly string[] CountedEvents = [OrderEventTypes.Placed, OrderEventTypes.Paid, OrderEventTypes.Cancelled, OrderEventTypes.Expired];

    public async Task<string?> RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var summary = await ExecuteAsync(DateOnly.FromDateTime(run.ScheduledAt.UtcDateTime).AddDays(-1), db, cancellationToken);
        var all = summary.Currencies;
        var (placed, paid, cancelled, expired) = (all.Sum(c => c.Placed), all.Sum(c => c.Paid), all.Sum(c => c.Cancelled), all.Sum(c => c.Expired));
        var (revenue, refunded) = (Amounts(summary, c => c.Revenue), Amounts(summary, c => c.Refunded));
        LogSummary(logger, summary.Day, placed, paid, cancelled, expired, revenue, refunded);
        return JsonSerializer.Serialize(summary, OrdersJsonContext.Default.DailySalesSummary);
    }

    /// <summary>The use case: the sales of <paramref name="day"/> (UTC), two grouped queries.</summary>
    public static async Task<DailySalesSummary> ExecuteAsync(DateOnly day, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = from.AddDays(1);
        var events = await db.OrderEvents
            .Where(e => e.OccurredAt >= from && e.OccurredAt < to && CountedEvents.Contains(e.Type))
            .Join(db.Orders.IgnoreAutoIncludes(), e => e.OrderId, o => o.Id, (e, o) => new { o.Currency, e.Type, o.Total.Amount })
            .GroupBy(x => new { x.Currency, x.Type })
            .Select(g => new { g.Key.Currency, g.Key.Type, Count = g.Count(), Amount = g.Sum(x => x.Amount) })
            .ToListAsync(cancellationToken);
        var refunds = await db.Set<Refund>()
            .Where(r => r.CreatedAt >= from && r.CreatedAt < to)
            .GroupBy(r => r.Amount.Currency)
            .Select(g => new { Currency = g.Key, Count = g.Count(), Amount = g.Sum(r => r.Amount.Amount) })
            .ToListAsync(cancellationToken);

        int Count(string currency, string type) => events.Where(e => e.Currency == currency && e.Type == type).Sum(e => e.Count);
        var currencies = events.Select(e => e.Currency).Concat(refunds.Select(r => r.Currency)).Distinct().Order(StringComparer.Ordinal)
            .Select(currency => new CurrencySales(
                currency,
                Count(currency, OrderEventTypes.Placed),
                Count(currency, OrderEventTypes.Paid),
                Count(currency, OrderEventTypes.Cancelled),
                Count(currency, OrderEventTypes.Expired),
                events.Where(e => e.Currency == currency && e.Type == OrderEventTypes.Paid).Sum(e => e.Amount),
                refunds.Where(r => r.Currency == currency).Sum(r => r.Count),
                refunds.Where(r => r.Currency == currency).Sum(r => r.Amount)))
            .ToList();
        return new DailySalesSummary(day, currencies);
    }

    private static string Amounts(DailySalesSummary summary, Func<CurrencySales, long> amount) =>
        string.Join(", ", summary.Currencies.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Currency} {amount(c)}")));

    [LoggerMessage(Level = LogLevel.Information, Message = "Sales of {Day}: {Placed} placed, {Paid} paid, {Cancelled} cancelled, {Expired} expired; revenue {Revenue}; refunded {Refunded} (minor units)")]
    private static partial void LogSummary(ILogger logger, DateOnly day, int placed, int paid, int cancelled, int expired, string revenue, string refunded);
}
