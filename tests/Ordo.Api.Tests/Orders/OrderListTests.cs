using System.Globalization;
using System.Net;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Orders;

public abstract class OrderListTests : ProviderTests
{
    protected OrderListTests(ApiFixture fixture) : base(fixture) => Data = new OrderTestData(fixture, Client);

    private OrderTestData Data { get; }

    /// <summary>Orders of one fresh customer, so other tests' orders don't interfere with counts.</summary>
    private async Task<(Guid Customer, List<OrderResponse> Orders)> OrdersOfOneCustomerAsync(int count)
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 1000, price: 100);
        var orders = new List<OrderResponse>();
        for (var i = 1; i <= count; i++)
        {
            orders.Add(await (await Data.PlaceAsync(customer, (product.Id, i))).ReadAsync<OrderResponse>(HttpStatusCode.Created));
        }

        return (customer, orders);
    }

    private async Task<List<OrderSummaryResponse>> AllPagesAsync(string url, Func<Task>? betweenPages = null)
    {
        var rows = new List<OrderSummaryResponse>();
        var next = url;
        while (next is not null)
        {
            var response = await Client.GetAsync(next, Cancellation);
            var page = await response.ReadAsync<Page<OrderSummaryResponse>>(HttpStatusCode.OK);
            rows.AddRange(page.Data);
            var hasMore = page.HasMore;
            Assert.Equal(hasMore, response.Headers.TryGetValues("Link", out var link));
            next = hasMore ? link!.Single().Split('>')[0].TrimStart('<') : null;
            if (betweenPages is not null)
            {
                await betweenPages();
            }
        }

        return rows;
    }

    [Fact]
    public async Task Paging_with_cursors_is_stable_while_orders_are_inserted()
    {
        var (customer, orders) = await OrdersOfOneCustomerAsync(7);
        var product = await Data.ProductAsync(stock: 100);

        var seen = await AllPagesAsync(
            $"/api/v1/orders?customerId={customer}&limit=2",
            betweenPages: async () => await (await Data.PlaceAsync(customer, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created));

        var ids = seen.Select(o => o.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(orders, o => Assert.Contains(o.Id, ids));
        var created = seen.Select(o => o.CreatedAt).ToList();
        Assert.Equal(created.OrderDescending(), created);
    }

    [Fact]
    public async Task Sorting_by_total_orders_rows_both_ways()
    {
        var (customer, _) = await OrdersOfOneCustomerAsync(5);

        var ascending = await AllPagesAsync($"/api/v1/orders?customerId={customer}&sort=total&limit=2");
        var descending = await AllPagesAsync($"/api/v1/orders?customerId={customer}&sort=-total&limit=3");

        // Shipping (500) comes on top of 100 × quantity.
        Assert.Equal([600L, 700, 800, 900, 1000], ascending.Select(o => o.Total.Amount));
        Assert.Equal([1000L, 900, 800, 700, 600], descending.Select(o => o.Total.Amount));
    }

    [Fact]
    public async Task Pages_after_a_cursor_hold_every_order_once_in_every_sort_even_among_equal_keys()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 1000, price: 100);
        var placed = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            // Equal totals: the id breaks the tie, on both sides of each page boundary.
            placed.Add((await (await Data.PlaceAsync(customer, (product.Id, 2))).ReadAsync<OrderResponse>(HttpStatusCode.Created)).Id);
        }

        foreach (var sort in new[] { "createdAt", "-createdAt", "updatedAt", "-updatedAt", "total", "-total" })
        {
            var ids = (await AllPagesAsync($"/api/v1/orders?customerId={customer}&sort={sort}&limit=2")).Select(o => o.Id).ToList();

            Assert.Equal(placed.Order(), ids.Order());
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
    }

    [Fact]
    public async Task Every_filter_narrows_the_list()
    {
        var (customer, orders) = await OrdersOfOneCustomerAsync(4);
        await Data.PayAsync(orders[0]);
        await Data.CancelAsync(orders[1]);
        var first = orders[0];
        var number = first.Number;
        var createdAt = first.CreatedAt;

        async Task<string[]> Numbers(string filter) =>
            [.. (await AllPagesAsync($"/api/v1/orders?customerId={customer}&{filter}")).Select(o => o.Number)];

        Assert.Single(await Numbers("status=open"));
        Assert.Equal(2, (await Numbers("status=pending")).Length);
        Assert.Equal(3, (await Numbers("status=open,pending")).Length);
        Assert.Equal(3, (await Numbers("status=open&status=pending")).Length);
        Assert.Equal([number], await Numbers($"q={number}"));
        Assert.Equal(2, (await Numbers("minTotal=700&maxTotal=800")).Length);
        Assert.Equal(4, (await Numbers($"createdFrom={Uri.EscapeDataString(createdAt.ToString("O", CultureInfo.InvariantCulture))}")).Length);
        Assert.Empty(await Numbers($"createdTo={Uri.EscapeDataString(createdAt.ToString("O", CultureInfo.InvariantCulture))}"));
    }

    [Fact]
    public async Task Orders_can_be_found_by_the_customers_email()
    {
        var email = $"finder-{Guid.NewGuid():N}@example.com";
        var customer = await (await Client.SendPostAsync("/api/v1/customers", new { name = "Finder", email })).ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        var product = await Data.ProductAsync(stock: 10);
        var order = await (await Data.PlaceAsync(customer.Id, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        var found = await AllPagesAsync($"/api/v1/orders?q={Uri.EscapeDataString(email.ToUpperInvariant())}");

        Assert.Equal([order.Id], found.Select(o => o.Id));
    }

    [Theory]
    [InlineData("colour=red", "colour")]
    [InlineData("status=shipped", "status")]
    [InlineData("sort=price", "sort")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("minTotal=abc", "minTotal")]
    [InlineData("createdFrom=yesterday", "createdFrom")]
    [InlineData("updatedFrom=2026-13-01", "updatedFrom")]
    [InlineData("updatedTo=now", "updatedTo")]
    [InlineData("customerId=42", "customerId")]
    public async Task Unknown_parameters_and_values_are_400_naming_them(string query, string parameter)
    {
        var response = await Client.GetAsync($"/api/v1/orders?{query}", Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.HasError(parameter), problem.ToString());
    }

    [Fact]
    public async Task Polling_by_change_time_returns_every_order_changed_since_the_last_sync_once_in_change_order()
    {
        var (customer, orders) = await OrdersOfOneCustomerAsync(4);
        var lastSync = orders.Max(o => o.UpdatedAt);
        var cancelled = await Data.CancelAsync(orders[2]);
        var paid = await Data.PayAsync(orders[0]);
        // Just after the last placement, in the coarser precision of the two providers (SQLite keeps 0.1 ms).
        var since = Uri.EscapeDataString(lastSync.AddTicks(1_000).ToString("O", CultureInfo.InvariantCulture));

        var changed = await AllPagesAsync($"/api/v1/orders?customerId={customer}&sort=updatedAt&updatedFrom={since}&limit=1");
        var newestFirst = await AllPagesAsync($"/api/v1/orders?customerId={customer}&sort=-updatedAt&updatedFrom={since}&limit=1");
        var untilPayment = await AllPagesAsync(
            $"/api/v1/orders?customerId={customer}&sort=updatedAt&updatedTo={Uri.EscapeDataString(paid.UpdatedAt.ToString("O", CultureInfo.InvariantCulture))}");

        Assert.Equal([cancelled.Id, paid.Id], changed.Select(o => o.Id));
        Assert.Equal(
            [cancelled.UpdatedAt, paid.UpdatedAt],
            changed.Select(o => o.UpdatedAt));
        Assert.Equal(changed.Select(o => o.Id).Reverse(), newestFirst.Select(o => o.Id));
        Assert.Equal(3, untilPayment.Count);
        Assert.Equal(cancelled.Id, untilPayment[^1].Id);
    }

    [Fact]
    public async Task An_order_changed_while_a_client_pages_by_change_time_comes_again_on_a_later_page()
    {
        var (customer, orders) = await OrdersOfOneCustomerAsync(3);
        var changedMeanwhile = false;

        var seen = await AllPagesAsync($"/api/v1/orders?customerId={customer}&sort=updatedAt&limit=1", betweenPages: async () =>
        {
            if (!changedMeanwhile)
            {
                changedMeanwhile = true;
                await Data.PayAsync(orders[0]);
            }
        });

        // The first page held orders[0]; paid meanwhile, it moved past the cursor and is read again, now paid.
        Assert.Equal(
            new[] { orders[0], orders[1], orders[2], orders[0] }.Select(o => o.Id),
            seen.Select(o => o.Id));
        Assert.Equal("open", seen[^1].Status);
    }

    [Fact]
    public async Task A_tampered_or_foreign_cursor_is_a_400()
    {
        var (customer, _) = await OrdersOfOneCustomerAsync(3);
        var page = await (await Client.GetAsync($"/api/v1/orders?customerId={customer}&limit=1", Cancellation)).ReadAsync<Page<OrderSummaryResponse>>(HttpStatusCode.OK);
        var cursor = page.NextCursor!;
        var tampered = (cursor[0] == 'A' ? 'B' : 'A') + cursor[1..];

        var edited = await Client.GetAsync($"/api/v1/orders?customerId={customer}&limit=1&cursor={tampered}", Cancellation);
        var otherFilters = await Client.GetAsync($"/api/v1/orders?customerId={customer}&status=open&limit=1&cursor={cursor}", Cancellation);
        var otherList = await Client.GetAsync($"/api/v1/products?limit=1&cursor={cursor}", Cancellation);

        await edited.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await otherFilters.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await otherList.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Orders_export_as_csv_with_the_list_filters()
    {
        var (customer, orders) = await OrdersOfOneCustomerAsync(3);

        var response = await Client.GetAsync($"/api/v1/orders/export?customerId={customer}&sort=total", HttpCompletionOption.ResponseHeadersRead, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("number,id,customer_id,status", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",created_at,updated_at", lines[0], StringComparison.Ordinal);
        Assert.Equal(orders.Select(o => o.Number), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(lines.Skip(1), l => Assert.Contains(",pending,unpaid,unfulfilled,EUR,", l, StringComparison.Ordinal));
    }
}

public sealed class OrderListOnSqlite(SqliteApiFixture fixture) : OrderListTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class OrderListOnPostgres(PostgresApiFixture fixture) : OrderListTests(fixture), IClassFixture<PostgresApiFixture>;
