using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;

namespace Ordo.Api.Features.Webhooks;

public static class DeleteWebhook
{
    public static RouteHandlerBuilder MapDeleteWebhook(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapDelete("/{id:guid}", HandleAsync)
            .WithName("DeleteWebhook")
            .TakesIfMatch(IfMatch.Optional)
            .RequirePermission(Permissions.WebhooksManage)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Delete a webhook subscription")
            .WithDescription("Deletes the subscription with its deliveries and their attempts; nothing more is sent to it (an attempt in flight still ends).")
            .ChangesState();

    /// <summary>The use case: the subscription and its deliveries deleted (unless <paramref name="ifMatch"/> names another version); audited.</summary>
    public static async Task<Result> ExecuteAsync(Guid id, string? ifMatch, OrdoDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return HttpErrors.NotFoundWithId("webhook subscription");
        }

        if (ETags.CheckIfMatch(ifMatch, subscription.Version, required: false) is { } precondition)
        {
            return precondition;
        }

        db.WebhookSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.WebhookDeleted, AuditResources.Webhook, id.ToString(),
            AuditChanges.Create().Value("url", WebhookRules.Redacted(subscription.Url)), cancellationToken: cancellationToken);
        return Result.Success();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, AuditTrail audit, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), db, audit, cancellationToken)).ToHttp(TypedResults.NoContent);
}
