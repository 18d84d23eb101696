using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Ordo.Persistence;

/// <summary>
/// The database keeps times less precisely than .NET makes them: PostgreSQL to the microsecond, SQLite (a sortable
/// number, <see cref="Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter"/>) to
/// 0.1 ms. Rounding them down before a save makes the answer to a change carry the same times as every later read.
/// </summary>
public static class StoredTimes
{
    public static void RoundDown(ChangeTracker changeTracker, bool isSqlite)
    {
        ArgumentNullException.ThrowIfNull(changeTracker);
        var unit = isSqlite ? 1_000 : 10; // in ticks of 100 ns
        foreach (var entry in changeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is DateTimeOffset time && time.Ticks % unit != 0)
                {
                    property.CurrentValue = new DateTimeOffset(time.Ticks - (time.Ticks % unit), time.Offset);
                }
            }
        }
    }
}
