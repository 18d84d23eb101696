using System.Diagnostics;
using System.Net;
using Ordo.Api.Features.Orders;
using Ordo.Api.Features.Products;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.ScaleOut;

public sealed class SharedCacheFixture : TwoInstancesFixture;

/// <summary>
/// What one instance changes, the other stops serving from its cache within a second: without the backplane it would
/// keep its copy for the whole cache lifetime (30 s).
/// </summary>
public sealed class SharedCacheTests(SharedCacheFixture fixture) : IClassFixture<SharedCacheFixture>
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(1);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_disabled_on_one_instance_is_refused_by_the_other_within_a_second()
    {
        fixture.SkipWhenUnavailable();
        var (_, onOther, userId) = await fixture.UserOnBothAsync(BuiltInRoles.Support);
        Assert.Equal(HttpStatusCode.OK, (await onOther.GetAsync(new Uri("/api/v1/products", UriKind.Relative), Cancellation)).StatusCode);

        (await fixture.CreateClient().SendPostAsync($"/api/v1/users/{userId}/disable", new { })).EnsureSuccessStatusCode();

        var refusedAfter = await WaitForAsync(async () =>
            (await onOther.GetAsync(new Uri("/api/v1/products", UriKind.Relative), Cancellation)).StatusCode == HttpStatusCode.Unauthorized);
        Assert.True(refusedAfter <= Propagation, $"The other instance still accepted the disabled user's token after {refusedAfter.TotalMilliseconds:F0} ms.");
    }

    [Fact]
    public async Task A_product_edited_on_one_instance_is_read_fresh_on_the_other_within_a_second()
    {
        fixture.SkipWhenUnavailable();
        var admin = fixture.CreateClient();
        var data = new OrderRuleData(fixture, admin);
        var product = await data.ProductAsync(stock: 10);
        var onOther = fixture.CreateOtherClient();
        var url = $"/api/v1/products/{product.Id}";
        var cached = await (await onOther.GetAsync(new Uri(url, UriKind.Relative), Cancellation)).ReadAsync<ProductResponse>(HttpStatusCode.OK);

        var etag = (await admin.GetAsync(new Uri(url, UriKind.Relative), Cancellation)).ETag();
        (await admin.PatchAsync(url, """{"name":"Renamed mug"}""", etag)).EnsureSuccessStatusCode();

        var freshAfter = await WaitForAsync(async () =>
            (await (await onOther.GetAsync(new Uri(url, UriKind.Relative), Cancellation)).ReadAsync<ProductResponse>(HttpStatusCode.OK)).Name == "Renamed mug");
        Assert.NotEqual("Renamed mug", cached.Name);
        Assert.True(freshAfter <= Propagation, $"The other instance served the old product for {freshAfter.TotalMilliseconds:F0} ms.");
    }

    [Fact]
    public async Task Stock_reserved_by_an_order_on_one_instance_shows_on_the_other_within_a_second()
    {
        fixture.SkipWhenUnavailable();
        var admin = fixture.CreateClient();
        var data = new OrderRuleData(fixture, admin);
        var product = await data.ProductAsync(stock: 10);
        var onOther = fixture.CreateOtherClient();
        var url = new Uri($"/api/v1/products/{product.Id}", UriKind.Relative);
        Assert.Equal(0, (await (await onOther.GetAsync(url, Cancellation)).ReadAsync<ProductResponse>(HttpStatusCode.OK)).StockReserved);

        // The reservation is saved inside the order's transaction: the eviction must follow its commit.
        await (await admin.PlaceOrderAsync(await data.CustomerAsync(), "EUR", null, (product.Id, 3))).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        var seenAfter = await WaitForAsync(async () =>
            (await (await onOther.GetAsync(url, Cancellation)).ReadAsync<ProductResponse>(HttpStatusCode.OK)).StockReserved == 3);
        Assert.True(seenAfter <= Propagation, $"The other instance showed the old reservation for {seenAfter.TotalMilliseconds:F0} ms.");
    }

    /// <summary>How long until <paramref name="condition"/> held, polling for up to ten times the allowed propagation.</summary>
    private static async Task<TimeSpan> WaitForAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Propagation * 10, "The change never reached the other instance.");
            await Task.Delay(25, Cancellation);
        }

        return clock.Elapsed;
    }
}
