using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public static class ExportOrders
{
    public const string ContentType = "text/csv";

    public static RouteHandlerBuilder MapExportOrders(this IEndpointRouteBuilder orders) =>
        orders.MapGet("/export", HandleAsync)
            .WithName("ExportOrders")
            .RequirePermission(Permissions.OrdersExport)
            .WithSummary("Export orders as CSV")
            .WithDescription("Every order matching the list filters (same parameters as the list, no paging), streamed row by row in constant memory.")
            .Produces<string>(StatusCodes.Status200OK, ContentType)
            .WithQuery(OrderFilters.Documentation)
            .ProducesProblem(StatusCodes.Status400BadRequest);

    /// <summary>The use case: every order the caller may see that matches the <paramref name="filters"/>, as a query to stream.</summary>
    internal static Result<IQueryable<Order>> Execute(OrderFilters filters, CallerAccess caller, OrdoDbContext db) =>
        filters.RefusalFor(caller) is { } refused ? refused : Result.Success(filters.Apply(db).VisibleTo(caller));

    /// <summary>The REST adapter: reads the filters from the query string and writes the rows as CSV.</summary>
    public static async Task<Results<CsvRows, ProblemHttpResult>> HandleAsync(OrdoDbContext db, AuditTrail audit, HttpContext http)
    {
        var filters = OrderFilters.Read(http.Request, "orders-export");
        if (filters.Query.Cursor is not null)
        {
            filters.Query.Errors.Add("cursor", "The export has no pages; leave out 'cursor'.");
        }

        if (filters.Query.HasErrors)
        {
            return filters.Query.Errors.ToProblem();
        }

        var export = Execute(filters, CallerAccess.Required(http), db);
        if (export.IsSuccess)
        {
            // Recorded before the first row goes out; the filters by name only (q may hold an email).
            await audit.RecordAsync(
                AuditActions.OrdersExported, AuditResources.Order, null,
                AuditChanges.Create().Value("filters", http.Request.Query.Keys.Order(StringComparer.Ordinal).ToList()),
                cancellationToken: http.RequestAborted);
        }

        return export.ToHttp(orders => new CsvRows(orders));
    }

    /// <summary>Writes rows as the database streams them (no buffering of the result set, no change tracking).</summary>
    public sealed class CsvRows(IQueryable<Order> orders) : IResult
    {
        private const string Header = "number,id,customer_id,status,payment_status,fulfilment_status,currency,subtotal,shipping_fee,total,amount_paid,amount_refunded,created_at,updated_at";

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var cancellationToken = httpContext.RequestAborted;
            httpContext.Response.ContentType = ContentType + "; charset=utf-8";
            httpContext.Response.Headers.ContentDisposition = "attachment; filename=\"orders.csv\"";
            await using var writer = new StreamWriter(httpContext.Response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
            await writer.WriteLineAsync(Header);
            var written = 0;
            await foreach (var o in orders.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                await writer.WriteLineAsync(string.Join(',',
                    OrderNumbers.Format(o.Number),
                    o.Id,
                    o.CustomerId,
                    StateNames.Of(o.Status),
                    StateNames.Of(o.PaymentStatus),
                    StateNames.Of(o.FulfilmentStatus),
                    o.Currency,
                    Minor(o.Subtotal),
                    Minor(o.ShippingFee),
                    Minor(o.Total),
                    Minor(o.AmountPaid),
                    Minor(o.AmountRefunded),
                    Timestamp(o.CreatedAt),
                    Timestamp(o.UpdatedAt)));
                if (++written % 1000 == 0)
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }
        }

        private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

        private static string Minor(Money money) => money.Amount.ToString(CultureInfo.InvariantCulture);
    }
}
