using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Ordo.Domain.Customers;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Seeding;

/// <summary>
/// Stores demo data through EF Core itself, batch by batch in one transaction: SQLite is the small embedded option,
/// so this favours being exactly what the service would write (converters, shadow keys, versions) over speed.
/// </summary>
internal sealed class SqliteBatchWriter(OrdoDbContext db) : IDemoDataWriter
{
    private IDbContextTransaction? _transaction;

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        // Change detection over thousands of tracked entities dominates otherwise; everything here is added, not changed.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // Generated history is not news, nor anyone's action: no domain events and no audit entries (the PostgreSQL
        // loader's COPY bypasses EF and writes neither).
        db.DerivesEventsAndAudit = false;
        _transaction = await db.Database.BeginTransactionAsync(cancellationToken);
    }

    public async Task<long> ReserveOrderNumbersAsync(int count, CancellationToken cancellationToken)
    {
        var last = await db.Database
            .SqlQueryRaw<long>("UPDATE order_number_counter SET last_value = last_value + {0} WHERE id = 1 RETURNING last_value AS \"Value\"", (long)count)
            .ToListAsync(cancellationToken);
        return last.Single() - count + 1;
    }

    public async Task WriteCatalogueAsync(IReadOnlyList<Product> products, IReadOnlyList<StockMovement> receipts, CancellationToken cancellationToken)
    {
        db.Products.AddRange(products);
        db.StockMovements.AddRange(receipts);
        await SaveAndForgetAsync(cancellationToken);
    }

    public async Task WriteCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken cancellationToken)
    {
        db.Customers.AddRange(customers);
        await SaveAndForgetAsync(cancellationToken);
    }

    public async Task WriteOrdersAsync(OrderBatch batch, long firstNumber, CancellationToken cancellationToken)
    {
        var number = firstNumber;
        foreach (var order in batch.Orders)
        {
            // A number already set means EF does not draw one from the counter per order.
            db.Entry(order).Property(o => o.Number).CurrentValue = number++;
            db.Orders.Add(order);
        }

        db.StockMovements.AddRange(batch.Movements);
        await SaveAndForgetAsync(cancellationToken);
    }

    public async Task WriteStockLevelsAsync(IReadOnlyList<Product> products, CancellationToken cancellationToken)
    {
        foreach (var product in products)
        {
            // The same statement the PostgreSQL loader runs set-wise; the version rises as on any product update.
            await db.Products.Where(p => p.Id == product.Id).ExecuteUpdateAsync(
                set => set
                    .SetProperty(p => p.Status, product.Status)
                    .SetProperty(p => p.StockOnHand, product.StockOnHand)
                    .SetProperty(p => p.StockReserved, product.StockReserved)
                    .SetProperty(p => p.UpdatedAt, product.UpdatedAt)
                    .SetProperty(p => EF.Property<long>(p, Versioning.Property), p => EF.Property<long>(p, Versioning.Property) + 1),
                cancellationToken);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken) => await _transaction!.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        db.DerivesEventsAndAudit = true;
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
    }

    private async Task SaveAndForgetAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
