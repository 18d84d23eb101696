using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.ValueGeneration;

namespace Ordo.Persistence;

/// <summary>
/// Human-facing order numbers, unique and increasing per database. PostgreSQL draws them from a sequence (no lock
/// held across transactions; a rolled-back order leaves a gap). SQLite has no sequences; a one-row counter updated
/// inside the writing transaction does the same job, since SQLite runs one writer at a time anyway.
/// </summary>
public static class OrderNumbers
{
    public const string SequenceName = "order_numbers";

    public static void Configure(ModelBuilder modelBuilder, bool isSqlite)
    {
        if (isSqlite)
        {
            modelBuilder.Entity<OrderNumberCounter>(counter =>
            {
                counter.ToTable("order_number_counter");
                counter.HasKey(c => c.Id);
                counter.Property(c => c.Id).ValueGeneratedNever();
                counter.HasData(new OrderNumberCounter { Id = 1, LastValue = 0 });
            });
        }
        else
        {
            modelBuilder.HasSequence<long>(SequenceName);
        }
    }

    public static string Format(long number) => $"ORD-{number:D6}";
}

public sealed class OrderNumberCounter
{
    public int Id { get; set; }

    public long LastValue { get; set; }
}

internal sealed class OrderNumberGenerator : ValueGenerator<long>
{
    public override bool GeneratesTemporaryValues => false;

    public override long Next(EntityEntry entry) =>
        throw new InvalidOperationException("Add orders with AddAsync so the order number is drawn asynchronously.");

    public override async ValueTask<long> NextAsync(EntityEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var db = (OrdoDbContext)entry.Context;
        var sql = db.IsSqlite
            ? "UPDATE order_number_counter SET last_value = last_value + 1 WHERE id = 1 RETURNING last_value AS \"Value\""
            : $"SELECT nextval('{OrderNumbers.SequenceName}') AS \"Value\"";
        var numbers = await db.Database.SqlQueryRaw<long>(sql).ToListAsync(cancellationToken);
        return numbers.Single();
    }
}
