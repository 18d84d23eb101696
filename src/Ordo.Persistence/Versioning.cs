using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;

namespace Ordo.Persistence;

/// <summary>
/// Aggregates carry a <c>version</c> column: the optimistic concurrency token behind ETags and If-Match. It rises on
/// every update, including updates that only add child rows (a refund, a shipment).
/// </summary>
public static class Versioning
{
    public const string Property = "Version";

    public static void BumpModifiedAggregates(ChangeTracker changeTracker)
    {
        ArgumentNullException.ThrowIfNull(changeTracker);
        foreach (var entry in changeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Entity is Order or Product or Ordo.Domain.Customers.Customer)
            {
                var version = entry.Property(Property);
                version.CurrentValue = (long)version.OriginalValue! + 1;
            }
        }
    }

    public static long Of(DbContext db, object aggregate)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (long)db.Entry(aggregate).Property(Property).CurrentValue!;
    }
}
