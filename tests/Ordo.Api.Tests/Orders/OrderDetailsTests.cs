using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ordo.Api.Features.Orders;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

/// <summary>
/// GET order reads rows straight into the response (one round trip); every action answers from the loaded aggregate.
/// Through every state an order can reach, the two must give the same bytes and the same ETag, and match the aggregate
/// as loaded from the database.
/// </summary>
public abstract class OrderDetailsTests : ProviderTests
{
    protected OrderDetailsTests(ApiFixture fixture) : base(fixture) => Data = new OrderTestData(fixture, Client);

    private OrderTestData Data { get; }

    /// <summary>Byte-for-byte: the read's body is the action's body (compared as raw text, which is the point), and the aggregate's.</summary>
    private async Task<OrderResponse> AssertReadMatchesAsync(HttpResponseMessage action, HttpStatusCode expected)
    {
        var body = await action.Content.ReadAsStringAsync(Cancellation);
        var order = await action.ReadAsync<OrderResponse>(expected);
        var id = order.Id;
        using var read = await Client.GetAsync($"/api/v1/orders/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(action.Headers.ETag, read.Headers.ETag);
        Assert.Equal(body, await read.Content.ReadAsStringAsync(Cancellation));

        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var aggregate = await db.FindOrderAsync(id, Cancellation);
        var json = scope.ServiceProvider.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        Assert.Equal(JsonSerializer.Serialize(OrderResponse.From(aggregate!), json), await read.Content.ReadAsStringAsync(Cancellation));
        return order;
    }

    private static Guid LineOf(OrderResponse order, Guid productId) => order.Lines.Single(l => l.ProductId == productId).Id;

    [Fact]
    public async Task Reading_an_order_gives_what_each_action_answered_through_the_whole_lifecycle()
    {
        var customer = await Data.CustomerAsync();
        var products = new[] { await Data.ProductAsync(stock: 20, price: 700), await Data.ProductAsync(stock: 20, price: 1300), await Data.ProductAsync(stock: 20, price: 2100) };
        var order = await AssertReadMatchesAsync(await Data.PlaceAsync(customer, (products[0].Id, 3), (products[1].Id, 2), (products[2].Id, 1)), HttpStatusCode.Created);

        order = await AssertReadMatchesAsync(await Client.SendPostAsync(OrderTestData.Url(order, "payment"),
            new { amount = order.Total, externalReference = "psp_" + Guid.NewGuid().ToString("N") }, idempotencyKey: Guid.NewGuid().ToString()), HttpStatusCode.OK);
        order = await AssertReadMatchesAsync(await Client.SendPostAsync(OrderTestData.Url(order, "shipments"), new
        {
            carrier = "DHL",
            trackingNumber = "TRK1",
            lines = new[] { new { orderLineId = LineOf(order, products[0].Id), quantity = 2 }, new { orderLineId = LineOf(order, products[2].Id), quantity = 1 } },
        }), HttpStatusCode.Created);
        order = await AssertReadMatchesAsync(await Client.SendPostAsync(OrderTestData.Url(order, "refunds"),
            new { amount = new { amount = 300, currency = "EUR" }, reason = "Scratched" }, idempotencyKey: Guid.NewGuid().ToString()), HttpStatusCode.Created);
        order = await AssertReadMatchesAsync(await Client.SendPostAsync(OrderTestData.Url(order, "shipments"), new
        {
            carrier = "UPS",
            trackingNumber = "TRK2",
            lines = new[] { new { orderLineId = LineOf(order, products[0].Id), quantity = 1 }, new { orderLineId = LineOf(order, products[1].Id), quantity = 2 } },
        }), HttpStatusCode.Created);
        foreach (var shipment in order.Shipments.Select(s => s.Id).ToList())
        {
            order = await AssertReadMatchesAsync(await Client.SendPostAsync(OrderTestData.Url(order, $"shipments/{shipment}/deliver"), new { }), HttpStatusCode.OK);
        }

        order = await AssertReadMatchesAsync(await Client.SendPostAsync(OrderTestData.Url(order, "refunds"),
            new { amount = new { amount = 200, currency = "EUR" }, reason = "Late" }, idempotencyKey: Guid.NewGuid().ToString()), HttpStatusCode.Created);

        Assert.Equal("completed/partially_refunded/delivered", OrderTestData.States(order));
        Assert.Equal(2, order.Shipments.Count);
        Assert.Equal(2, order.Refunds.Count);
    }

    [Fact]
    public async Task Reading_a_cancelled_order_gives_what_the_cancellation_answered()
    {
        var order = await Data.PendingOrderAsync();

        await AssertReadMatchesAsync(await Client.SendPostAsync(OrderTestData.Url(order, "cancel"), new { }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reads_during_a_run_of_refunds_each_see_one_consistent_state()
    {
        var order = await Data.PayAsync(await Data.PendingOrderAsync());
        var url = $"/api/v1/orders/{order.Id}";
        var refunds = Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                await Data.RefundAsync(order, 100);
            }
        }, Cancellation);

        var reads = 0;
        while (!refunds.IsCompleted || reads == 0)
        {
            using var read = await Client.GetAsync(url, Cancellation);
            var seen = await read.ReadAsync<OrderResponse>(HttpStatusCode.OK);
            var listed = seen.Refunds.Sum(r => r.Amount.Amount);
            // The order row and its refund rows from one state: the total refunded is what the refunds listed add up to.
            Assert.Equal(seen.AmountRefunded.Amount, listed);
            reads++;
        }

        await refunds;
        TestContext.Current.SendDiagnosticMessage($"{reads} reads during 30 refunds");
    }

    [Fact]
    public async Task Reading_an_order_with_addresses_gives_what_the_placement_answered()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 5);

        await AssertReadMatchesAsync(
            await Client.SendPostAsync("/api/v1/orders", new
            {
                customerId = customer,
                lines = new[] { new { productId = product.Id, quantity = 1 } },
                shippingAddress = new { line1 = "1 Quai de Conti", city = "Paris", postalCode = "75006", countryCode = "FR" },
                billingAddress = new { line1 = "Postfach 12", line2 = "c/o Ada", city = "Zürich", postalCode = "8001", region = "ZH", countryCode = "CH" },
            }),
            HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_unknown_order_is_a_404()
    {
        using var read = await Client.GetAsync($"/api/v1/orders/{Guid.NewGuid()}", Cancellation);

        await read.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class OrderDetailsOnSqlite(SqliteApiFixture fixture) : OrderDetailsTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class OrderDetailsOnPostgres(PostgresApiFixture fixture) : OrderDetailsTests(fixture), IClassFixture<PostgresApiFixture>;
