using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ordo.Persistence;

/// <summary>
/// The database keeps times less precisely than .NET makes them: PostgreSQL to the microsecond, SQLite (a sortable
/// number, <see cref="Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter"/>) to
/// 0.1 ms. Rounding them down before a save makes the answer to a change carry the same times as every later read.
/// </summary>
public static class StoredTimes
{
    /// <summary>
    /// How the model stores a time, for SQL written by hand: the converter SQLite's times go through (every time
    /// property has the same one), or null where the provider keeps times natively.
    /// </summary>
    public static ValueConverter? ConverterOf(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.FindEntityType(typeof(IdempotencyRecord))!.FindProperty(nameof(IdempotencyRecord.CreatedAt))!.GetTypeMapping().Converter;
    }

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
