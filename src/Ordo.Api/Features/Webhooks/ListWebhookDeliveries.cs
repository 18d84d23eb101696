using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

public static class ListWebhookDeliveries
{
    public static RouteHandlerBuilder MapListWebhookDeliveries(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapGet("/{id:guid}/deliveries", HandleAsync)
            .WithName("ListWebhookDeliveries")
            .RequirePermission(Permissions.WebhooksManage)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List a webhook subscription's deliveries with their attempts")
            .WithDescription(
                "Cursor-paginated, newest first; each delivery lists its attempts (time, HTTP status or failure kind, latency). " +
                "Filter: `status` (pending, succeeded, failed; repeat or comma-separate). Finished deliveries are kept for `Webhooks:Retention` (30 days).")
            .ListsPages(new QueryParameter("status", "pending, succeeded, failed; repeat or comma-separate.", Example: "failed", Enum: [.. WebhookDeliveryResponse.Statuses], Many: true));

    /// <summary>The read other transports call: up to <paramref name="limit"/> + 1 deliveries before <paramref name="before"/>, newest first, with their attempts.</summary>
    public static async Task<Result<IReadOnlyList<WebhookDeliveryResponse>>> PageAsync(
        Guid subscriptionId, IReadOnlyCollection<WebhookDeliveryStatus> statuses, Guid? before, int limit, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == subscriptionId, cancellationToken))
        {
            return HttpErrors.NotFoundWithId("webhook subscription");
        }

        var rows = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        if (statuses.Count > 0)
        {
            var wanted = statuses.ToList();
            rows = rows.Where(d => wanted.Contains(d.Status));
        }

        if (before is { } cursorId)
        {
            rows = rows.Where(d => d.Id.CompareTo(cursorId) < 0);
        }

        var page = await rows.OrderByDescending(d => d.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var ids = page.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        return page.Select(d => WebhookDeliveryResponse.From(d, attempts[d.Id])).ToList();
    }

    public static async Task<Results<Ok<Page<WebhookDeliveryResponse>>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, $"webhook-deliveries:{id}", "status");
        var statuses = query.Many("status", WebhookDeliveryResponse.Statuses);
        var before = query.CursorId();
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        var page = await PageAsync(id, [.. statuses.Select(WebhookDeliveryResponse.StatusOf)], before, query.Limit, db, cancellationToken);
        return page.ToHttp(rows => TypedResults.Ok(Paging.Respond(http, rows, query.Limit, d => [d.Id.ToString()], query.Scope)));
    }
}
