using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Reports;

/// <summary>
/// The dashboard's figures in three grouped queries, whatever the number of orders: this week's orders by currency
/// (the <c>(created_at, id)</c> index bounds it to the week), every order by status and fulfilment (the
/// <c>(status, created_at, id)</c> index), and the active products with the least stock available.
/// </summary>
public static class GetSummary
{
    public const int MaxLowStockThreshold = 1_000_000;

    /// <summary>How many low-stock products the summary lists at most (fewest available first).</summary>
    public const int LowStockListed = 20;

    private const string Threshold = "lowStockThreshold";

    public static RouteHandlerBuilder MapGetSummary(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/summary", HandleAsync)
            .WithName("GetSummary")
            // Shop-wide money and every order's state: what someone who may export all orders could compute from the
            // export. orders.read is not enough, customers hold it for their own orders.
            .RequirePermission(Permissions.OrdersExport)
            .WithSummary("Dashboard summary")
            .WithDescription(
                "Days and weeks are UTC; a week starts on Monday. `today` and `week` count the orders **placed** in that period, per currency, "
                + "and their `revenue`: what those orders have been paid minus what has been refunded on them (so a cancelled paid order, refunded in full, adds 0). "
                + "`ordersByStatus` counts every order by status (all five, zeros included); `pendingPayment` counts `pending` orders, `toShip` counts `open` "
                + "(paid) orders not yet fully shipped. `lowStock` lists active products whose available stock (on hand minus reserved) is below "
                + "`lowStockThreshold` (default `Outbox:StockLowThreshold`, 5 unless configured: the threshold of `product.stock_low`), fewest first, "
                + "at most 20 (`hasMore` says whether others are low too). "
                + "403 `permission_missing` also when the caller lacks `catalog.read`, which the low-stock list needs.")
            .WithQuery(new QueryParameter(Threshold, "Available stock below which an active product is listed as low (default `Outbox:StockLowThreshold`, 5 unless configured).", JsonSchemaType.Integer, "5", Format: "int32", Minimum: "0", Maximum: "1000000"))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>The use case: the figures as of <paramref name="now"/>.</summary>
    public static async Task<SummaryResponse> ExecuteAsync(OrdoDbContext db, DateTimeOffset now, int lowStockThreshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weekEnd = weekStart.AddDays(7);
        var tomorrow = today.AddDays(1);

        var sales = await db.Orders.AsNoTracking().IgnoreAutoIncludes()
            .Where(o => o.CreatedAt >= weekStart && o.CreatedAt < weekEnd)
            .GroupBy(o => o.Currency)
            .Select(g => new
            {
                Currency = g.Key,
                WeekOrders = g.Count(),
                WeekRevenue = g.Sum(o => o.AmountPaid.Amount - o.AmountRefunded.Amount),
                TodayOrders = g.Sum(o => o.CreatedAt >= today && o.CreatedAt < tomorrow ? 1 : 0),
                TodayRevenue = g.Sum(o => o.CreatedAt >= today && o.CreatedAt < tomorrow ? o.AmountPaid.Amount - o.AmountRefunded.Amount : 0L),
            })
            .ToListAsync(cancellationToken);

        var states = await db.Orders.AsNoTracking().IgnoreAutoIncludes()
            .GroupBy(o => new { o.Status, o.FulfilmentStatus })
            .Select(g => new { g.Key.Status, g.Key.FulfilmentStatus, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var low = await db.Products.AsNoTracking()
            .Where(p => p.Status == ProductStatus.Active && p.StockOnHand - p.StockReserved < lowStockThreshold)
            .OrderBy(p => p.StockOnHand - p.StockReserved).ThenBy(p => p.Id)
            .Take(LowStockListed + 1)
            .Select(p => new { p.Id, p.Sku, p.Name, p.StockOnHand, p.StockReserved })
            .ToListAsync(cancellationToken);

        var ordered = sales.OrderBy(s => s.Currency, StringComparer.Ordinal).ToList();
        return new SummaryResponse(
            now,
            new PeriodFigures(today, tomorrow, [.. ordered.Where(s => s.TodayOrders > 0).Select(s => new CurrencyFigures(s.Currency, s.TodayOrders, new MoneyDto(s.TodayRevenue, s.Currency)))]),
            new PeriodFigures(weekStart, weekEnd, [.. ordered.Select(s => new CurrencyFigures(s.Currency, s.WeekOrders, new MoneyDto(s.WeekRevenue, s.Currency)))]),
            [.. Enum.GetValues<OrderStatus>().Select(status => new StatusCount(StateNames.Of(status), states.Where(s => s.Status == status).Sum(s => s.Count)))],
            states.Where(s => s.Status == OrderStatus.Pending).Sum(s => s.Count),
            states.Where(s => s.Status == OrderStatus.Open && s.FulfilmentStatus is FulfilmentStatus.Unfulfilled or FulfilmentStatus.PartiallyFulfilled).Sum(s => s.Count),
            new LowStock(
                lowStockThreshold,
                [.. low.Take(LowStockListed).Select(p => new LowStockProduct(p.Id, p.Sku.Value, p.Name, p.StockOnHand, p.StockReserved, p.StockOnHand - p.StockReserved))],
                low.Count > LowStockListed));
    }

    /// <summary>The REST adapter: reads the one optional parameter strictly (anything else answers 400).</summary>
    public static async Task<Results<Ok<SummaryResponse>, ProblemHttpResult>> HandleAsync(
        OrdoDbContext db, TimeProvider time, IOptions<OutboxOptions> outbox, HttpContext http, CancellationToken cancellationToken)
    {
        // orders.export is staff-only (a customer account never holds it), but a role may hold it without the
        // catalogue, whose low-stock list the summary includes.
        var caller = CallerAccess.Required(http);
        if (!caller.Has(Permissions.CatalogRead))
        {
            return DomainProblems.Problem(
                AuthorizationErrors.PermissionMissing, "The summary lists low-stock products, which needs catalog.read as well.",
                new Dictionary<string, object?> { ["permission"] = Permissions.CatalogRead });
        }

        var errors = new RequestErrors();
        foreach (var unknown in http.Request.Query.Keys.Where(key => key != Threshold))
        {
            errors.Add(unknown, $"Unknown query parameter '{unknown}'. Allowed: {Threshold}.");
        }

        // One notion of low stock: the one product.stock_low fires on.
        var threshold = outbox.Value.StockLowThreshold;
        if (http.Request.Query.TryGetValue(Threshold, out var values))
        {
            if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out threshold) || threshold > MaxLowStockThreshold)
            {
                errors.Add(Threshold, $"'{Threshold}' must be one whole number from 0 to {MaxLowStockThreshold}.");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await ExecuteAsync(db, time.GetUtcNow(), threshold, cancellationToken));
    }
}
