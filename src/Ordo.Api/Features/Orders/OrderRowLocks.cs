using Microsoft.EntityFrameworkCore;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>
/// Row locks that make the domain's check-then-act decisions atomic: a request loads what a rule reads (a customer's
/// unpaid orders, a product's stock) only after locking it, and holds the lock until its transaction ends. On
/// PostgreSQL these are <c>SELECT … FOR UPDATE</c>; products are always locked in id order, so two orders for the same
/// products queue instead of deadlocking. On SQLite the request's transaction already holds the database's write lock
/// (Microsoft.Data.Sqlite begins transactions IMMEDIATE), which serialises writers anyway.
/// </summary>
internal static class OrderRowLocks
{
    /// <summary>The products, tracked for change and locked, by id; ids that match no product are missing from the result.</summary>
    public static async Task<Dictionary<Guid, Product>> LockProductsAsync(OrdoDbContext db, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToArray();
        if (!db.IsSqlite)
        {
            // Locked first, then loaded: the rows read below are the ones this transaction holds.
            await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM products WHERE id = ANY({wanted}) ORDER BY id FOR UPDATE")
                .ToListAsync(cancellationToken);
        }

        return await db.Products.Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
    }

    /// <summary>
    /// Locks the customer while one of their orders is placed, so two placements for the same customer run one after
    /// the other and each counts the unpaid orders the other left; false when no such customer exists.
    /// </summary>
    public static async Task<bool> LockCustomerAsync(OrdoDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        db.IsSqlite
            ? await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken)
            : (await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM customers WHERE id = {customerId} FOR UPDATE").ToListAsync(cancellationToken)).Count > 0;

    /// <summary>What the customer holds unpaid now: their pending orders, and the subtotal of those in <paramref name="currency"/>.</summary>
    public static async Task<UnpaidOrders> UnpaidOrdersOfAsync(OrdoDbContext db, Guid customerId, string currency, CancellationToken cancellationToken)
    {
        var unpaid = await db.Orders.IgnoreAutoIncludes()
            .Where(o => o.CustomerId == customerId && o.Status == OrderStatus.Pending)
            .GroupBy(o => 1)
            .Select(pending => new { Count = pending.Count(), Reserved = pending.Where(o => o.Currency == currency).Sum(o => o.Subtotal.Amount) })
            .SingleOrDefaultAsync(cancellationToken);
        return new UnpaidOrders(unpaid?.Count ?? 0, new Money(unpaid?.Reserved ?? 0, currency));
    }
}
