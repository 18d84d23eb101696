using System.Net;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Orders;

/// <summary>Inputs a careless or hostile client sends: each gets a clear 4xx, never a 500.</summary>
public abstract class HostileInputTests : ProviderTests
{
    protected HostileInputTests(ApiFixture fixture) : base(fixture) => Data = new OrderTestData(fixture, Client);

    private OrderTestData Data { get; }

    [Fact]
    public async Task Null_order_lines_are_a_400_naming_the_line()
    {
        var customer = await Data.CustomerAsync();

        var response = await Client.PostAsync(
            "/api/v1/orders", HttpJson.Body($$"""{"customerId":"{{customer}}","currency":"EUR","lines":[null]}"""), Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.HasError("$.lines[0]"), problem.ToString());
    }

    [Fact]
    public async Task Null_shipment_lines_and_addresses_are_400s()
    {
        var order = await Data.PayAsync(await Data.PendingOrderAsync());

        var shipment = await Client.PostAsync(
            OrderTestData.Url(order, "shipments"), HttpJson.Body("""{"carrier":"DHL","trackingNumber":"1","lines":[null]}"""), Cancellation);
        var customer = await Client.PostAsync(
            "/api/v1/customers", HttpJson.Body($$"""{"name":"N","email":"n-{{Guid.NewGuid():N}}@example.com","addresses":[null]}"""), Cancellation);

        await shipment.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var problem = await customer.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_address");
        Assert.True(problem.HasError("$.addresses[0]"), problem.ToString());
    }

    [Theory]
    [InlineData("""{"amount":45.00,"currency":"EUR"}""")]
    [InlineData("4500")]
    [InlineData("""{"currency":"EUR"}""")]
    public async Task A_decimal_bare_or_missing_amount_is_told_what_money_looks_like(string amount)
    {
        var order = await Data.PendingOrderAsync();

        var response = await Client.PostAsync(
            OrderTestData.Url(order, "payment"), HttpJson.Body($$"""{"amount":{{amount}},"externalReference":"psp_1"}"""), Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        Assert.Contains(problem.Errors!.Values.SelectMany(messages => messages), message => message.Contains("minor units", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Amounts_too_large_to_add_up_are_refused()
    {
        var hugePrice = await Client.SendPostAsync("/api/v1/products", new
        {
            sku = HttpJson.Unique("HUGE"),
            name = "Huge",
            unitPrice = new { amount = long.MaxValue, currency = "EUR" },
        });
        await hugePrice.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_amount");

        // Ten lines of 100,000 units at the largest price add up past what a 64-bit amount holds.
        var customer = await Data.CustomerAsync();
        var lines = new List<object>();
        for (var i = 0; i < 10; i++)
        {
            var expensive = await Data.ProductAsync(stock: 100_000, price: Ordo.Domain.Common.Money.MaxAmount);
            lines.Add(new { productId = expensive.Id, quantity = 100_000 });
        }

        var tooMuch = await Client.SendPostAsync("/api/v1/orders", new { customerId = customer, currency = "EUR", lines });

        await tooMuch.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "amount_too_large");
    }

    [Fact]
    public async Task A_forged_cursor_with_a_valid_checksum_but_nonsense_keys_is_a_400()
    {
        var forged = Paging.Encode("orders|sort=-createdAt", ["not-a-number", "not-a-guid"]);
        var outOfRange = Paging.Encode("orders|sort=-createdAt", ["-1", Guid.NewGuid().ToString()]);

        var first = await Client.GetAsync($"/api/v1/orders?cursor={forged}", Cancellation);
        var second = await Client.GetAsync($"/api/v1/orders?cursor={outOfRange}", Cancellation);
        var products = await Client.GetAsync($"/api/v1/products?cursor={Paging.Encode("products", ["x"])}", Cancellation);

        await first.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await second.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await products.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_malformed_If_None_Match_is_ignored()
    {
        var order = await Data.PendingOrderAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{order.Id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", "abc");

        var response = await Client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class HostileInputOnSqlite(SqliteApiFixture fixture) : HostileInputTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class HostileInputOnPostgres(PostgresApiFixture fixture) : HostileInputTests(fixture), IClassFixture<PostgresApiFixture>;
