using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

public static class ListWebhooks
{
    public static RouteHandlerBuilder MapListWebhooks(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapGet("/", HandleAsync)
            .WithName("ListWebhooks")
            .RequirePermission(Permissions.WebhooksManage)
            .WithSummary("List webhook subscriptions")
            .WithDescription("Cursor-paginated, oldest first. Secrets are never shown.")
            .ListsPages();

    /// <summary>The read other transports call: up to <paramref name="limit"/> + 1 subscriptions after <paramref name="after"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<WebhookSubscription>> PageAsync(Guid? after, int limit, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = db.WebhookSubscriptions.AsNoTracking();
        if (after is { } cursorId)
        {
            rows = rows.Where(s => s.Id.CompareTo(cursorId) > 0);
        }

        return await rows.OrderBy(s => s.Id).Take(limit + 1).ToListAsync(cancellationToken);
    }

    public static async Task<Results<Ok<Page<WebhookResponse>>, ProblemHttpResult>> HandleAsync(OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, "webhooks");
        var after = query.CursorId();
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        var rows = await PageAsync(after, query.Limit, db, cancellationToken);
        return TypedResults.Ok(Paging.Respond(http, rows.Select(WebhookResponse.From).ToList(), query.Limit, w => [w.Id.ToString()], query.Scope));
    }
}
