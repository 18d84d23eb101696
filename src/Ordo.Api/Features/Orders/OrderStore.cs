using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>How the order use cases read orders and take one for a change.</summary>
internal static class OrderStore
{
    public static Task<Order?> FindOrderAsync(this OrdoDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Orders.AsSplitQuery().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);

    /// <summary>The order, if it exists and the caller may see it (others' orders are indistinguishable from missing ones).</summary>
    public static async Task<Order?> FindVisibleOrderAsync(this OrdoDbContext db, Guid id, CallerAccess caller, CancellationToken cancellationToken)
    {
        var order = await db.FindOrderAsync(id, cancellationToken);
        return order is not null && AccessRules.CanAccess(caller, order.CustomerId) ? order : null;
    }

    /// <summary>Narrows a list to the rows the caller may see.</summary>
    public static IQueryable<Order> VisibleTo(this IQueryable<Order> orders, CallerAccess caller) =>
        AccessRules.ListScope(caller) is { } owner ? orders.Where(o => o.CustomerId == owner) : orders;

    /// <summary>
    /// The order the caller may change, if its version still matches <paramref name="ifMatch"/> (the entity tags the
    /// caller sent; empty when none): 404 when the caller may not see it, 428/400/412 from the precondition.
    /// </summary>
    public static async Task<Result<Order>> FindForChangeAsync(
        this OrdoDbContext db, Guid id, string? ifMatch, bool ifMatchRequired, CallerAccess caller, CancellationToken cancellationToken)
    {
        var order = await db.FindVisibleOrderAsync(id, caller, cancellationToken);
        if (order is null)
        {
            return HttpErrors.NotFoundWithId("order");
        }

        return ETags.CheckIfMatch(ifMatch, Versioning.Of(db, order), ifMatchRequired) is { } precondition ? precondition : order;
    }

    /// <summary>
    /// The start of every action on one order (pay, cancel, refund, ship, deliver): load it, honour If-Match, and claim
    /// it (<see cref="ClaimAsync"/>) before the domain decides anything, so that concurrent actions answer 409
    /// <c>concurrent_change</c>.
    /// </summary>
    public static async Task<Result<Order>> TakeForChangeAsync(
        this OrdoDbContext db, Guid id, string? ifMatch, CallerAccess caller, CancellationToken cancellationToken)
    {
        var found = await db.FindForChangeAsync(id, ifMatch, ifMatchRequired: false, caller, cancellationToken);
        if (found.IsSuccess)
        {
            await db.ClaimAsync(found.Value, cancellationToken);
        }

        return found;
    }

    /// <summary>
    /// Takes the order for this request's transaction before anything is decided on it: moves its version on if it is
    /// still the one that was read, which on PostgreSQL also locks the row until the transaction ends. Of two requests
    /// that read the same version, the second waits for the first, then finds the version moved and fails with
    /// <see cref="DbUpdateConcurrencyException"/> (409 <c>concurrent_change</c>) before it has written anything; it no
    /// longer gets as far as inserting an event whose sequence number the first one took (a unique violation, a 500).
    /// </summary>
    public static async Task ClaimAsync(this OrdoDbContext db, Order order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(order);
        var version = db.Entry(order).Property<long>(Versioning.Property);
        var read = version.OriginalValue;
        var claimed = await db.Orders
            .Where(o => o.Id == order.Id && EF.Property<long>(o, Versioning.Property) == read)
            .ExecuteUpdateAsync(set => set.SetProperty(o => EF.Property<long>(o, Versioning.Property), read + 1), cancellationToken);
        if (claimed == 0)
        {
            throw new DbUpdateConcurrencyException($"Order {order.Id} changed after this request read it.");
        }

        version.OriginalValue = read + 1;
        version.CurrentValue = read + 1;
    }
}
