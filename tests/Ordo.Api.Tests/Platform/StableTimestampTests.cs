using System.Net;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Features.Products;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// A resource reads back exactly as the answer that created or changed it (issue 14: <c>createdAt</c> had 7 fractional
/// digits in the 201 and fewer afterwards, because the database keeps times less precisely than .NET makes them).
/// </summary>
public abstract class StableTimestampTests : ProviderTests
{
    protected StableTimestampTests(ApiFixture fixture) : base(fixture) => Data = new OrderTestData(fixture, Client);

    private OrderTestData Data { get; }

    private async Task AssertReadsBackAsync(HttpResponseMessage change, string url)
    {
        var answered = await change.Content.ReadAsStringAsync(Cancellation);
        Assert.True(change.IsSuccessStatusCode, $"{change.StatusCode}: {answered}");

        using var read = await Client.GetAsync(url, Cancellation);

        Assert.Equal(answered, await read.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task A_placed_and_a_paid_order_read_back_as_answered()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 5);
        using var placed = await Data.PlaceAsync(customer, (product.Id, 2));
        var order = await placed.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var url = $"/api/v1/orders/{order.Id}";
        await AssertReadsBackAsync(placed, url);

        using var paid = await Client.SendPostAsync(OrderTestData.Url(order, "payment"), new { amount = order.Total, externalReference = "psp_1" },
            idempotencyKey: Guid.NewGuid().ToString());
        await AssertReadsBackAsync(paid, url);
    }

    [Fact]
    public async Task A_created_product_and_customer_read_back_as_answered()
    {
        using var product = await Client.SendPostAsync("/api/v1/products", new
        {
            sku = HttpJson.Unique("TIME"),
            name = "Clock",
            unitPrice = new { amount = 100, currency = "EUR" },
            initialStock = 1,
        });
        await AssertReadsBackAsync(product, $"/api/v1/products/{(await product.ReadAsync<ProductResponse>(HttpStatusCode.Created)).Id}");

        using var customer = await Client.SendPostAsync("/api/v1/customers", new { name = "Tim Keeper", email = $"time-{Guid.NewGuid():N}@example.com" });
        await AssertReadsBackAsync(customer, $"/api/v1/customers/{(await customer.ReadAsync<CustomerResponse>(HttpStatusCode.Created)).Id}");
    }
}

public sealed class StableTimestampsOnSqlite(SqliteApiFixture fixture) : StableTimestampTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class StableTimestampsOnPostgres(PostgresApiFixture fixture) : StableTimestampTests(fixture), IClassFixture<PostgresApiFixture>;
