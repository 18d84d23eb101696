using System.Net;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using static Ordo.Api.Tests.Orders.OrderRuleSettings;

namespace Ordo.Api.Tests.Orders;

/// <summary>
/// Unpaid orders hold stock, so one customer may hold only so much: open unpaid orders, units per line, reserved value
/// per currency (here 2, 5 and 1,000.00 EUR). The same caps apply whoever places the order for the customer.
/// </summary>
public abstract class OrderCapTests : ProviderTests
{
    protected OrderCapTests(ApiFixture fixture) : base(fixture) => Data = new OrderRuleData(fixture, Client);

    private OrderRuleData Data { get; }

    [Fact]
    public async Task One_request_cannot_reserve_the_whole_catalogue()
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        var catalogue = new List<(Guid, int)>();
        for (var i = 0; i < 5; i++)
        {
            catalogue.Add(((await Data.ProductAsync(stock: 500, price: 199)).Id, 500));
        }

        var hoard = await shopper.PlaceOrderAsync(customerId, "EUR", null, [.. catalogue]);

        await hoard.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "units_per_line_cap_exceeded");
        foreach (var (productId, _) in catalogue)
        {
            Assert.Equal(0, (await Data.ProductByIdAsync(productId)).StockReserved);
        }
    }

    [Fact]
    public async Task A_customer_holds_at_most_the_cap_of_open_unpaid_orders_and_paying_one_frees_a_place()
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        var product = await Data.ProductAsync(stock: 100, price: 1_000);
        var first = await (await shopper.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        await (await shopper.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        var third = await shopper.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1));
        var problem = await third.AssertProblemAsync(HttpStatusCode.Conflict, "open_unpaid_orders_cap_exceeded");
        Assert.Equal(2, problem.Extension<int>("cap"));
        await Data.PayAsync(first);

        await (await shopper.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        Assert.Equal(3, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }

    [Fact]
    public async Task Unpaid_orders_of_one_customer_reserve_at_most_the_cap_of_value_in_each_currency()
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        var pricey = await Data.ProductAsync(stock: 100, price: 30_000);

        await (await shopper.PlaceOrderAsync(customerId, "EUR", null, (pricey.Id, 3))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var beyond = await shopper.PlaceOrderAsync(customerId, "EUR", null, (pricey.Id, 1));

        var problem = await beyond.AssertProblemAsync(HttpStatusCode.Conflict, "reserved_value_cap_exceeded");
        Assert.Equal(EurMaxReservedValue, problem.Extension<MoneyDto>("valueCap").Amount);
        Assert.Equal(3, (await Data.ProductByIdAsync(pricey.Id)).StockReserved);
    }

    [Fact]
    public async Task Staff_placing_orders_for_a_customer_meet_the_same_caps()
    {
        var customerId = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 100, price: 1_000);
        var (support, _) = await Data.StaffAsync(BuiltInRoles.Support);

        var tooManyUnits = await support.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 6));
        await (await support.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 5))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        await (await Client.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 5))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var third = await Client.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1));

        await tooManyUnits.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "units_per_line_cap_exceeded");
        await third.AssertProblemAsync(HttpStatusCode.Conflict, "open_unpaid_orders_cap_exceeded");
    }

    [Fact]
    public async Task Parallel_placements_by_one_customer_never_pass_the_cap_together()
    {
        var (shopper, customerId) = await Data.ShopperAsync();
        // A product per placement: placements of one product queue on its row lock, which would hide the customer's race.
        var products = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            products.Add((await Data.ProductAsync(stock: 100, price: 1_000)).Id);
        }

        var responses = await Task.WhenAll(products.Select(product => shopper.PlaceOrderAsync(customerId, "EUR", null, (product, 1))));

        var statuses = responses.Select(r => (int)r.StatusCode).Order().ToArray();
        Assert.Equal([201, 201, 409, 409, 409, 409, 409, 409, 409, 409], statuses);
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "open_unpaid_orders_cap_exceeded");
        }

        var reserved = 0;
        foreach (var product in products)
        {
            reserved += (await Data.ProductByIdAsync(product)).StockReserved;
        }

        Assert.Equal(2, reserved);
    }
}

public sealed class OrderCapsOnSqlite(OrderRulesSqliteFixture fixture) : OrderCapTests(fixture), IClassFixture<OrderRulesSqliteFixture>;

public sealed class OrderCapsOnPostgres(OrderRulesPostgresFixture fixture) : OrderCapTests(fixture), IClassFixture<OrderRulesPostgresFixture>;
