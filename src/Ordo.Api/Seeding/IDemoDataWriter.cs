using Ordo.Domain.Customers;
using Ordo.Domain.Products;

namespace Ordo.Api.Seeding;

/// <summary>
/// Stores generated demo data in one transaction: nothing is visible until <see cref="CommitAsync"/>, and a failed
/// seed leaves the database as empty as it was (PostgreSQL may skip the order numbers it reserved).
/// </summary>
internal interface IDemoDataWriter : IAsyncDisposable
{
    Task BeginAsync(CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="count"/> consecutive order numbers from the database's counter; returns the first.</summary>
    Task<long> ReserveOrderNumbersAsync(int count, CancellationToken cancellationToken);

    Task WriteCatalogueAsync(IReadOnlyList<Product> products, IReadOnlyList<StockMovement> receipts, CancellationToken cancellationToken);

    Task WriteCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken cancellationToken);

    /// <summary>Writes the orders numbered from <paramref name="firstNumber"/> in batch order, and their stock movements.</summary>
    Task WriteOrdersAsync(OrderBatch batch, long firstNumber, CancellationToken cancellationToken);

    /// <summary>The products' counters (and status) as the orders left them; written last because orders refer to products.</summary>
    Task WriteStockLevelsAsync(IReadOnlyList<Product> products, CancellationToken cancellationToken);

    /// <summary>Restores whatever <see cref="BeginAsync"/> set aside for speed (PostgreSQL: indexes), then commits.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
