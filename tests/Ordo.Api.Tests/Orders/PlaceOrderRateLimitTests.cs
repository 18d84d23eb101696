using System.Globalization;
using System.Net;
using Ordo.Api.Features.Orders;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Orders;

public sealed class LowPlaceOrderLimitFixture : SqliteApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:PlaceOrder:PermitLimit"] = "3",
        ["RateLimits:PlaceOrder:IpPermitLimit"] = "1000",
        ["RateLimits:PlaceOrder:Window"] = "00:10:00",
    };
}

public sealed class PlaceOrderRateLimitTests(LowPlaceOrderLimitFixture fixture) : IClassFixture<LowPlaceOrderLimitFixture>
{
    [Fact]
    public async Task Placing_orders_faster_than_the_limit_answers_429_with_Retry_After_for_that_caller_only()
    {
        fixture.SkipWhenUnavailable();
        var data = new OrderRuleData(fixture, fixture.CreateClient());
        var product = await data.ProductAsync(stock: 100, price: 1_000);
        var (shopper, customerId) = await data.ShopperAsync();
        var (other, otherId) = await data.ShopperAsync();
        for (var i = 0; i < 3; i++)
        {
            var placed = await shopper.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, placed.StatusCode);
        }

        var limited = await shopper.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1));
        var fromOther = await other.PlaceOrderAsync(otherId, "EUR", null, (product.Id, 1));

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        await fromOther.ReadAsync<OrderResponse>(HttpStatusCode.Created);
    }
}
