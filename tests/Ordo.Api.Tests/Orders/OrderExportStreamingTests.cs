using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

/// <summary>Counts data readers the service has open, to see whether a response is produced while rows still stream in.</summary>
public sealed class OpenReaders : DbCommandInterceptor
{
    private int _open;

    public int Count => Volatile.Read(ref _open);

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Interlocked.Increment(ref _open);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _open);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Interlocked.Decrement(ref _open);
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Interlocked.Decrement(ref _open);
        return ValueTask.FromResult(result);
    }
}

public sealed class SqliteWithReaderCount : SqliteApiFixture
{
    public OpenReaders Readers { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureDbContext<OrdoDbContext>(options => options.AddInterceptors(Readers));
}

public sealed class PostgresWithReaderCount : PostgresApiFixture
{
    public OpenReaders Readers { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureDbContext<OrdoDbContext>(options => options.AddInterceptors(Readers));
}

public abstract class OrderExportStreamingTests(ApiFixture fixture, OpenReaders readers) : ProviderTests(fixture)
{
    private const int Orders = 4000;

    [Fact]
    public async Task A_large_export_streams_rows_to_the_client_while_the_database_is_still_being_read()
    {
        var customerId = await InsertOrdersAsync();

        var response = await Client.GetAsync($"/api/v1/orders/export?customerId={customerId}", HttpCompletionOption.ResponseHeadersRead, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Cancellation));
        Assert.StartsWith("number,", await reader.ReadLineAsync(Cancellation), StringComparison.Ordinal);
        Assert.NotNull(await reader.ReadLineAsync(Cancellation));

        // The first rows have arrived, yet the query is still open: rows go out as they are read, not after
        // the whole result has been loaded, so memory stays bounded whatever the export's size.
        Assert.True(readers.Count > 0, "The export buffered the whole result before sending it.");

        var rows = 1;
        while (await reader.ReadLineAsync(Cancellation) is not null)
        {
            rows++;
        }

        Assert.Equal(Orders, rows);
    }

    private async Task<Guid> InsertOrdersAsync()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var now = DateTimeOffset.UtcNow;
        var customer = Customer.Create("Bulk Buyer", Email.Create($"bulk-{Guid.NewGuid():N}@example.com").Value, null, [], now).Value;
        var product = Product.Create(Sku.Create("BULK-" + Guid.NewGuid().ToString("N")[..8]).Value, "Bulk", null, new Money(100, "EUR"), now).Value;
        db.AddRange(customer, product);
        await db.SaveChangesAsync(Cancellation);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // Written straight to the database (not under test here), under the service's own EUR terms.
        var terms = Fixture.Factory.Services.GetRequiredService<OrderPolicy>().TermsFor("EUR").Value;
        for (var i = 0; i < Orders; i++)
        {
            var order = Order.Place(customer.Id, [NewOrderLine.From(product, 1)], terms, UnpaidOrders.None("EUR"), null, "test", now.AddMilliseconds(i)).Value;
            await db.Orders.AddAsync(order, Cancellation);
            if (i % 500 == 499)
            {
                await db.SaveChangesAsync(Cancellation);
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync(Cancellation);
        return customer.Id;
    }
}

public sealed class OrderExportStreamingOnSqlite(SqliteWithReaderCount fixture)
    : OrderExportStreamingTests(fixture, fixture.Readers), IClassFixture<SqliteWithReaderCount>;

public sealed class OrderExportStreamingOnPostgres(PostgresWithReaderCount fixture)
    : OrderExportStreamingTests(fixture, fixture.Readers), IClassFixture<PostgresWithReaderCount>;
