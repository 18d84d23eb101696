using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Admin.Api;

namespace Ordo.Admin.Tests;

/// <summary>
/// The <c>Idempotency-Key</c> of a change stays while the very same change is retried without success, so the API can
/// replay an attempt whose answer was lost; anything else is a new change with a new key.
/// </summary>
public sealed class ChangeKeyTests : BunitContext
{
    private static readonly Guid ProductId = Guid.Parse("019ac4a2-1111-7d2e-8f3a-4b5c6d7e8f90");
    private static readonly StockAdjustmentRequest Restock = new("restock", 5, "Delivery 12");

    [Fact]
    public async Task A_change_sent_again_after_no_answer_or_a_server_error_keeps_its_key_until_it_succeeds()
    {
        var answers = new Queue<Func<HttpResponseMessage>>([
            () => throw new HttpRequestException("The connection was reset."),
            () => new HttpResponseMessage(HttpStatusCode.BadGateway),
            () => new HttpResponseMessage(HttpStatusCode.NoContent),
            () => new HttpResponseMessage(HttpStatusCode.NoContent)]);
        var api = new FakeApi().On(HttpMethod.Post, $"/api/v1/products/{ProductId}/stock-adjustments", _ => answers.Dequeue()());
        var ordo = Register(api);

        Assert.Equal(0, (await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock)).Problem?.Status);
        Assert.Equal(502, (await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock)).Problem?.Status);
        Assert.True((await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock)).Succeeded);
        Assert.True((await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock)).Succeeded); // the same again, meant

        var keys = KeysOf(api);
        Assert.Equal(4, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(keys[0], keys[2]);
        Assert.NotEqual(keys[2], keys[3]);
        Assert.All(keys, key => Assert.True(Guid.TryParse(key, out _)));
    }

    [Fact]
    public async Task Another_body_another_version_or_another_target_is_another_change_and_so_is_one_sent_again_after_another()
    {
        var api = new FakeApi().On(HttpMethod.Post, "/api/v1/products/", _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var ordo = Register(api);

        await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock);
        await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock with { Quantity = 6 });
        await ordo.AdjustStockAsync(ProductId, "\"v2\"", Restock);
        await ordo.AdjustStockAsync(Guid.NewGuid(), "\"v1\"", Restock);
        // The first change again, after others: meant to happen again (roles set A, then B, then A), not a retry.
        await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock);

        Assert.Equal(5, KeysOf(api).Distinct().Count());
    }

    [Fact]
    public async Task The_same_change_sent_again_after_the_retry_window_is_a_new_change()
    {
        var clock = new StoppedClock();
        Services.AddSingleton<TimeProvider>(clock);
        var api = new FakeApi().On(HttpMethod.Post, $"/api/v1/products/{ProductId}/stock-adjustments", _ => throw new HttpRequestException("The connection was reset."));
        var ordo = Register(api);

        await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock);
        clock.Now += OrdoApi.RetryWindow - TimeSpan.FromSeconds(1);
        await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock);
        clock.Now += OrdoApi.RetryWindow;
        await ordo.AdjustStockAsync(ProductId, "\"v1\"", Restock);

        var keys = KeysOf(api);
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[1], keys[2]);
    }

    private sealed class StoppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private OrdoApi Register(FakeApi api)
    {
        api.Register(this, "catalog.stock.adjust");
        return Services.GetRequiredService<OrdoApi>();
    }

    private static List<string> KeysOf(FakeApi api) =>
        [.. api.Requests.Select(request => request.Headers.GetValues("Idempotency-Key").Single())];
}
