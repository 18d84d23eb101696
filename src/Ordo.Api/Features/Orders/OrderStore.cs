using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>How the order endpoints read orders and claim one for a change.</summary>
internal static class OrderStore
{
    public static Task<Order?> FindOrderAsync(this OrdoDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Orders.AsSplitQuery().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);

    /// <summary>
    /// Takes the order for this request's transaction before anything is decided on it: moves its version on if it is
    /// still the one that was read, which on PostgreSQL also locks the row until the transaction ends. Of two requests
    /// that read the same version, the second waits for the first, then finds the version moved and fails with
    /// <see cref="DbUpdateConcurrencyException"/> (409 <c>concurrent_change</c>) before it has written anything; it no
    /// longer gets as far as inserting an event whose sequence number the first one took (a unique violation, a 500).
    /// </summary>
    public static async Task ClaimAsync(this OrdoDbContext db, Order order, CancellationToken cancellationToken)
    {
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

    /// <summary>The order, if it exists and the caller may see it (others' orders are indistinguishable from missing ones).</summary>
    public static async Task<Order?> FindOrderForAsync(this OrdoDbContext db, Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var order = await db.FindOrderAsync(id, cancellationToken);
        return order is not null && AccessRules.CanAccess(CallerAccess.Required(http), order.CustomerId) ? order : null;
    }

    /// <summary>Narrows a list to the rows the caller may see.</summary>
    public static IQueryable<Order> VisibleTo(this IQueryable<Order> orders, HttpContext http) =>
        AccessRules.ListScope(CallerAccess.Required(http)) is { } owner ? orders.Where(o => o.CustomerId == owner) : orders;
}

/// <summary>
/// The shape shared by every action on one order (pay, cancel, refund, ship, deliver): load it, honour If-Match,
/// claim it (so concurrent actions answer 409 <c>concurrent_change</c>), let the domain decide, apply stock effects,
/// save. Forbidden actions answer 409 from the domain's state machine.
/// </summary>
internal static class OrderActionRunner
{
    public static async Task<Results<TSuccess, ProblemHttpResult>> RunAsync<TSuccess>(
        Guid id,
        OrdoDbContext db,
        HttpContext http,
        Func<Order, Task<Results<TSuccess, ProblemHttpResult>>> act,
        CancellationToken cancellationToken)
        where TSuccess : IResult
    {
        var order = await db.FindOrderForAsync(id, http, cancellationToken);
        if (order is null)
        {
            return DomainProblems.NotFound("order");
        }

        if (ETags.CheckIfMatch(http.Request, Versioning.Of(db, order), required: false) is { } precondition)
        {
            return precondition;
        }

        await db.ClaimAsync(order, cancellationToken);
        return await act(order);
    }
}
