using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

public static class GetWebhook
{
    public static RouteHandlerBuilder MapGetWebhook(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapGet("/{id:guid}", HandleAsync)
            .WithName("GetWebhook")
            .SendsETag()
            .RequirePermission(Permissions.WebhooksManage)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a webhook subscription")
            .WithDescription("The subscription (never its secret) with a strong `ETag`; `enabled`, `disabledAt` and `disabledReason` say whether the service disabled it.");

    /// <summary>The read other transports call: the subscription, or null.</summary>
    public static Task<WebhookSubscription?> FindAsync(Guid id, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    public static async Task<Results<Ok<WebhookResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ETags.Read(http, "webhook subscription", await FindAsync(id, db, cancellationToken), s => s.Version, WebhookResponse.From);
}
