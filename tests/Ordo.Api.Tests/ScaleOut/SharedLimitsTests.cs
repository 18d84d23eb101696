using System.Net;
using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.ScaleOut;

public sealed class SharedLimitsFixture : TwoInstancesFixture
{
    public const int ApiPermits = 8;
    public const int PlaceOrderPermits = 3;

    protected override IReadOnlyDictionary<string, string?> InstanceSettings { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:Api:PermitLimit"] = ApiPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Api:Window"] = "00:10:00",
        ["RateLimits:PlaceOrder:PermitLimit"] = PlaceOrderPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:PlaceOrder:Window"] = "00:10:00",
    };
}

/// <summary>A caller's budget is one across instances: what it spent on one, the other counts.</summary>
public sealed class SharedLimitsTests(SharedLimitsFixture fixture) : IClassFixture<SharedLimitsFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_general_limit_counts_a_callers_requests_on_both_instances_together()
    {
        fixture.SkipWhenUnavailable();
        var (onFirst, onOther, _) = await fixture.UserOnBothAsync(BuiltInRoles.Support);
        var half = SharedLimitsFixture.ApiPermits / 2;
        var remaining = new List<string>();
        foreach (var client in Enumerable.Repeat(onFirst, half).Concat(Enumerable.Repeat(onOther, half)))
        {
            var response = await client.GetAsync(new Uri("/api/v1/products", UriKind.Relative), Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\"api-caller\";q=8;w=600", Assert.Single(response.Headers.GetValues("RateLimit-Policy")));
            remaining.Add(Assert.Single(response.Headers.GetValues("RateLimit")).Split(';')[1]);
        }

        var refused = await onFirst.GetAsync(new Uri("/api/v1/products", UriKind.Relative), Cancellation);

        Assert.Equal(["r=7", "r=6", "r=5", "r=4", "r=3", "r=2", "r=1", "r=0"], remaining);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 600);
        Assert.StartsWith("\"api-caller\";r=0;t=", Assert.Single(refused.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_order_placement_limit_holds_across_instances()
    {
        fixture.SkipWhenUnavailable();
        var data = new OrderRuleData(fixture, fixture.CreateClient());
        var product = await data.ProductAsync(stock: 100);
        var customerId = await data.CustomerAsync();
        var (onFirst, onOther, _) = await fixture.UserOnBothAsync(BuiltInRoles.Customer, customerId);

        await (await onFirst.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        await (await onOther.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        await (await onFirst.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var refusedOnOther = await onOther.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1));

        await refusedOnOther.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Contains("\"place-order\";r=0;t=", string.Join(", ", refusedOnOther.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
    }
}
