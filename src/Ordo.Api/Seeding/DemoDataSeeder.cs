using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Seeding;

/// <summary>
/// Fills an empty database with demo data: generates it (<see cref="DemoDataGenerator"/>) and stores it in bulk
/// (<see cref="PostgresBulkWriter"/> or <see cref="SqliteBatchWriter"/>). Order batches are generated on one thread
/// while the previous batch is written on another.
/// </summary>
public sealed partial class DemoDataSeeder(
    OrdoDbContext db,
    TimeProvider time,
    OrderPolicy policy,
    ILogger<DemoDataSeeder> logger)
{
    private const int CustomerBatchSize = 10_000;

    public async Task<Result<SeedSummary>> SeedAsync(
        SeedSizes sizes,
        IProgress<SeedProgress>? progress = null,
        DateTimeOffset? asOf = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(sizes));
        }

        if (await ExistingDataAsync(cancellationToken) is { } existing)
        {
            return SeedingErrors.DatabaseNotEmpty.Error(
                $"The database already has {existing}; seed only an empty database (drop it, or point ConnectionStrings:Ordo at a new one).");
        }

        LogSeeding(logger, sizes.Products, sizes.Customers, sizes.Orders, sizes.RandomSeed);
        var total = Stopwatch.StartNew();
        var terms = policy.TermsFor(DemoDataGenerator.Currency);
        if (terms.IsFailure)
        {
            return terms.Error;
        }

        var generator = new DemoDataGenerator(sizes.RandomSeed, asOf ?? time.GetUtcNow(), terms.Value, policy);
        // EF's save slows down more than linearly with the number of related rows it orders, so SQLite saves small batches.
        var orderBatchSize = db.IsSqlite ? 100 : 5_000;
        long rows = 0;
        TimeSpan ordersElapsed;
        await using (IDemoDataWriter writer = db.IsSqlite ? new SqliteBatchWriter(db) : new PostgresBulkWriter(db))
        {
            await writer.BeginAsync(cancellationToken);

            progress?.Report(new SeedProgress(SeedPhase.Products, 0, sizes.Products));
            var receipts = generator.CreateCatalogue(sizes.Products);
            await writer.WriteCatalogueAsync(generator.Products, receipts, cancellationToken);
            rows += generator.Products.Count + receipts.Count;
            progress?.Report(new SeedProgress(SeedPhase.Products, sizes.Products, sizes.Products));

            for (var done = 0; done < sizes.Customers;)
            {
                var customers = generator.CreateCustomers(Math.Min(CustomerBatchSize, sizes.Customers - done));
                await writer.WriteCustomersAsync(customers, cancellationToken);
                done += customers.Count;
                rows += customers.Count;
                progress?.Report(new SeedProgress(SeedPhase.Customers, done, sizes.Customers));
            }

            var orders = Stopwatch.StartNew();
            if (sizes.Orders > 0)
            {
                var firstNumber = await writer.ReserveOrderNumbersAsync(sizes.Orders, cancellationToken);
                var batches = Channel.CreateBounded<OrderBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
                var producing = Task.Run(() => ProduceOrdersAsync(generator, sizes.Orders, orderBatchSize, batches.Writer, cancellationToken), cancellationToken);
                var done = 0;
                await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
                {
                    await writer.WriteOrdersAsync(batch, firstNumber + done, cancellationToken);
                    done += batch.Orders.Count;
                    rows += batch.RowCount;
                    progress?.Report(new SeedProgress(SeedPhase.Orders, done, sizes.Orders));
                }

                await producing;
            }

            await writer.WriteStockLevelsAsync(generator.Products, cancellationToken);
            await writer.CommitAsync(cancellationToken);
            ordersElapsed = orders.Elapsed;
        }

        var summary = new SeedSummary(sizes.Products, sizes.Customers, sizes.Orders, rows, total.Elapsed, ordersElapsed);
        LogSeeded(logger, sizes.Products, sizes.Customers, sizes.Orders, rows, summary.Elapsed.TotalSeconds);
        return summary;
    }

    /// <summary>What the database already holds that a seed would collide with, described; null when empty.</summary>
    private async Task<string?> ExistingDataAsync(CancellationToken cancellationToken)
    {
        var found = new List<string>();
        if (await db.Products.AnyAsync(cancellationToken))
        {
            found.Add("products");
        }

        if (await db.Customers.AnyAsync(cancellationToken))
        {
            found.Add("customers");
        }

        if (await db.Orders.AnyAsync(cancellationToken))
        {
            found.Add("orders");
        }

        return found.Count == 0 ? null : string.Join(" and ", found);
    }

    private static async Task ProduceOrdersAsync(
        DemoDataGenerator generator, int count, int batchSize, ChannelWriter<OrderBatch> batches, CancellationToken cancellationToken)
    {
        try
        {
            for (var done = 0; done < count;)
            {
                var batch = generator.CreateOrders(Math.Min(batchSize, count - done));
                await batches.WriteAsync(batch, cancellationToken);
                done += batch.Orders.Count;
            }

            batches.Complete();
        }
        catch (Exception exception)
        {
            // Surfaces in the reader's loop, which would otherwise wait forever.
            batches.Complete(exception);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeding demo data: {Products} products, {Customers} customers, {Orders} orders (random seed {RandomSeed})")]
    private static partial void LogSeeding(ILogger logger, int products, int customers, int orders, int randomSeed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded demo data: {Products} products, {Customers} customers, {Orders} orders, {Rows} rows in {Seconds:F1} s")]
    private static partial void LogSeeded(ILogger logger, int products, int customers, int orders, long rows, double seconds);
}

public enum SeedPhase
{
    Products,
    Customers,
    Orders,
}

public sealed record SeedProgress(SeedPhase Phase, long Done, long Total);

public sealed record SeedSummary(int Products, int Customers, int Orders, long Rows, TimeSpan Elapsed, TimeSpan OrdersElapsed)
{
    /// <summary>Orders per second of the whole run, catalogue and customers included.</summary>
    public double OrdersPerSecond => Orders / Math.Max(Elapsed.TotalSeconds, 0.001);

    /// <summary>Orders per second of the order phase alone: generating, loading, the stock update, index rebuild and commit.</summary>
    public double OrderPhaseOrdersPerSecond => Orders / Math.Max(OrdersElapsed.TotalSeconds, 0.001);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Seeded {Products:N0} products, {Customers:N0} customers and {Orders:N0} orders ({Rows:N0} rows) in {Elapsed.TotalSeconds:F1} s: "
        + $"{OrdersPerSecond:N0} orders/s overall, {OrderPhaseOrdersPerSecond:N0} orders/s in the order phase.");
}
