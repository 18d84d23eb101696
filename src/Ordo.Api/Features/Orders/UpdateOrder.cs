using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
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

    /// <summary>
    /// The use case: applies metadata <paramref name="changes"/> (a merge patch of the map; null when the patch has none)
    /// to an order found for change (<see cref="OrderStore.FindForChangeAsync"/>, If-Match required), if the caller may
    /// set metadata, claiming and saving it only when they change it.
    /// </summary>
    public static async Task<Result<Order>> ExecuteAsync(
        Order order,
        IReadOnlyList<KeyValuePair<string, string?>>? changes,
        CallerAccess caller,
        OrdoDbContext db,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(time);
        if (MetadataInput.Refusal(caller, changes is not null) is { } refused)
        {
            return refused;
        }

        var events = order.EventCount;
        var changed = order.ChangeMetadata(changes ?? [], caller.SubjectId, time.GetUtcNow());
        if (changed.IsFailure)
        {
            return changed.Error;
        }

        // A patch that leaves the map as it was records no event: no claim, nothing saved, the same ETag.
        if (order.EventCount != events)
        {
            await db.ClaimAsync(order, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return order;
    }

    /// <summary>The REST adapter: reads the merge patch (which needs the order: null removes every key) and answers 200 with the order.</summary>
    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, JsonElement patch, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (MergePatch.CheckDocument(http.Request, patch) is { } badDocument)
        {
            return badDocument;
        }

        var caller = CallerAccess.Required(http);
        var found = await db.FindForChangeAsync(id, http.Request.Headers.IfMatch.ToString(), ifMatchRequired: true, caller, cancellationToken);
        if (found.IsFailure)
        {
            return found.Error.ToProblem();
        }

        var errors = MergePatch.RejectUnwritable(patch, Writable);
        var changes = MetadataInput.FromPatch(patch, found.Value.Metadata, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return (await ExecuteAsync(found.Value, changes, caller, db, time, cancellationToken)).ToHttp(order => db.Updated(http, order));
    }
}
