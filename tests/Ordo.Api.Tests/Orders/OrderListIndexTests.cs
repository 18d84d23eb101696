using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

/// <summary>The order-list queries the service sends, with their parameters, so they can be explained.</summary>
public sealed class SentQueries : DbCommandInterceptor
{
    private readonly ConcurrentQueue<NpgsqlCommand> _sent = new();

    public void Clear() => _sent.Clear();

    public NpgsqlCommand TheOne(Func<string, bool> match) => Assert.Single(_sent, c => match(c.CommandText));

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue(((NpgsqlCommand)command).Clone());
        return ValueTask.FromResult(result);
    }
}

public sealed class PostgresWithQueriesSent : PostgresApiFixture
{
    public SentQueries Queries { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureDbContext<OrdoDbContext>(options => options.AddInterceptors(Queries));
}

/// <summary>
/// Every sort and filter the order list offers is served by an index in page order (issue 11: a sort without its index
/// took 748 ms a page on 1M orders). Scans are priced out so that the plan on a small table is the one a large table
/// gets: a missing index shows as a Sort node over a sequential scan.
/// </summary>
public sealed class OrderListIndexTests(PostgresWithQueriesSent fixture) : ProviderTests(fixture), IClassFixture<PostgresWithQueriesSent>
{
    private OrderTestData Data => field ??= new OrderTestData(Fixture, Client);

    [Theory]
    [InlineData("sort=-createdAt", "ix_orders_created_at_id")]
    [InlineData("sort=createdAt", "ix_orders_created_at_id")]
    [InlineData("sort=-updatedAt", "ix_orders_updated_at_id")]
    [InlineData("sort=updatedAt&updatedFrom=2026-01-01T00:00:00Z", "ix_orders_updated_at_id")]
    [InlineData("sort=total", "ix_orders_total_amount_id")]
    [InlineData("sort=-total", "ix_orders_total_amount_id")]
    [InlineData("status=open", "ix_orders_status_created_at_id")]
    [InlineData("customerId=00000000-0000-0000-0000-000000000001", "ix_orders_customer_id_created_at_id")]
    public async Task Every_list_page_is_read_from_an_index_in_page_order(string query, string index)
    {
        await Data.PendingOrderAsync();
        await Data.PendingOrderAsync();
        var first = await (await Client.GetAsync($"/api/v1/orders?{query}&limit=1", Cancellation)).ReadAsync<Page<OrderSummaryResponse>>(HttpStatusCode.OK);
        var cursor = first.NextCursor;
        var pages = cursor is null ? [$"{query}&limit=1"] : new[] { $"{query}&limit=1", $"{query}&limit=1&cursor={Uri.EscapeDataString(cursor)}" };

        foreach (var page in pages)
        {
            fixture.Queries.Clear();
            await (await Client.GetAsync($"/api/v1/orders?{page}", Cancellation)).JsonAsync(HttpStatusCode.OK);
            var plan = await ExplainAsync(fixture.Queries.TheOne(sql => sql.Contains("FROM orders", StringComparison.Ordinal)));

            Assert.Contains(index, plan, StringComparison.Ordinal);
            Assert.DoesNotContain("Sort Key", plan, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Filtering_by_metadata_reads_the_metadata_index()
    {
        await Data.PendingOrderAsync();
        fixture.Queries.Clear();

        await (await Client.GetAsync("/api/v1/orders?metadata[erpOrderId]=SO-1", Cancellation)).JsonAsync(HttpStatusCode.OK);

        // A GIN index is read through a bitmap scan, so only sequential scans are priced out here.
        var plan = await ExplainAsync(fixture.Queries.TheOne(sql => sql.Contains("FROM orders", StringComparison.Ordinal)), bitmapScans: true);
        Assert.Contains("ix_orders_metadata", plan, StringComparison.Ordinal);
    }

    private async Task<string> ExplainAsync(NpgsqlCommand query, bool bitmapScans = false)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync(Cancellation);
        await using (var noScans = new NpgsqlCommand($"SET enable_seqscan = off; SET enable_bitmapscan = {(bitmapScans ? "on" : "off")}", connection))
        {
            await noScans.ExecuteNonQueryAsync(Cancellation);
        }

        await using var explain = query.Clone();
        explain.Connection = connection;
        explain.CommandText = "EXPLAIN " + query.CommandText;
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(Cancellation);
        while (await reader.ReadAsync(Cancellation))
        {
            plan.Add(reader.GetString(0));
        }

        return string.Join('\n', plan);
    }
}
