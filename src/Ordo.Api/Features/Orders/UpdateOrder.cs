using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>What an order's merge patch may carry: its metadata (everything else changes through the order's actions).</summary>
public sealed class OrderPatch
{
    /// <summary>Keys to set to a string, or to remove with null; <c>null</c> for the whole map removes every key.</summary>
    [MaxLength(MetadataRules.MaxKeys), ListItems(MetadataRules.MaxValueLength)]
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }
}

public static class UpdateOrder
{
    private static readonly IReadOnlySet<string> Writable = MergePatch.FieldsOf<OrderPatch>();

    public static RouteHandlerBuilder MapUpdateOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPatch("/{id:guid}", HandleAsync)
            .WithName("UpdateOrder")
            .SendsETag()
            .TakesIfMatch(IfMatch.Required)
            .RequirePermission(Permissions.OrdersCreate)
            .WithSummary("Update an order's metadata")
            .WithDescription("JSON Merge Patch of `metadata`: a string sets a key, null removes it, keys not named stay; `\"metadata\": null` removes every key. Status, payment and fulfilment change only through the order's actions; a change of metadata is an `order.metadata_changed` event on the timeline, and a patch that changes nothing answers the order as it is. Requires `If-Match` with the current ETag (428 without it, 412 when stale). Staff and integrations only (403 `metadata_not_allowed` for customers).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .AcceptsMergePatch<OrderPatch>()
            .ChangesState();

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, JsonElement patch, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (MergePatch.CheckDocument(http.Request, patch) is { } badDocument)
        {
            return badDocument;
        }

        var order = await db.FindOrderForAsync(id, http, cancellationToken);
        if (order is null)
        {
            return DomainProblems.NotFound("order");
        }

        if (ETags.CheckIfMatch(http.Request, Versioning.Of(db, order), required: true) is { } precondition)
        {
            return precondition;
        }

        var errors = MergePatch.RejectUnwritable(patch, Writable);
        var changes = MetadataInput.FromPatch(patch, order.Metadata, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (MetadataInput.RefusalFor(CallerAccess.Required(http), changes is not null) is { } refused)
        {
            return refused;
        }

        var events = order.EventCount;
        var changed = order.ChangeMetadata(changes ?? [], Caller.Id(http), time.GetUtcNow());
        if (changed.IsFailure)
        {
            return changed.Error.ToProblem();
        }

        // A patch that leaves the map as it was records no event: no claim, nothing saved, the same ETag.
        if (order.EventCount != events)
        {
            await db.ClaimAsync(order, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return db.Updated(http, order);
    }
}
