using System.Net;
using Ordo.Api.Features.Orders;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Orders;

/// <summary>
/// Requests that change one order at the same moment: one wins, the others answer 409 <c>concurrent_change</c> (or a
/// refusal decided on the winner's result); none answers 500, and the timeline and the money add up afterwards.
/// </summary>
public abstract class OrderConcurrencyTests : ProviderTests
{
    protected OrderConcurrencyTests(ApiFixture fixture) : base(fixture) => Data = new OrderRuleData(fixture, Client);

    private OrderRuleData Data { get; }

    [Fact]
    public async Task Twelve_parallel_refunds_answer_201_or_409_concurrent_change_and_the_refunds_add_up()
    {
        var order = await Data.PaidAsync(price: 100_000, shippingFee: 0);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Client.RefundOrderAsync(order, 1_000)));

        await AssertWinnersAndConflictsAsync(responses, HttpStatusCode.Created);
        var after = await Data.GetAsync(order);
        var refunds = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(refunds * 1_000L, after.AmountRefunded.Amount);
        Assert.Equal(refunds, after.Refunds.Count);
        await AssertTimelineIsContiguousAsync(after);
    }

    [Fact]
    public async Task Parallel_payments_and_cancellations_of_a_pending_order_leave_it_paid_or_cancelled_never_both_half()
    {
        var order = await Data.PlacedAsync(price: 1_000, quantity: 2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            i % 2 == 0 ? Client.PayOrderAsync(order) : Client.CancelOrderAsync(order)));

        await AssertWinnersAndConflictsAsync(responses, HttpStatusCode.OK);
        var after = await Data.GetAsync(order);
        Assert.True(after.AmountRefunded.Amount <= after.AmountPaid.Amount);
        Assert.Equal(after.Status == "cancelled" ? after.AmountPaid.Amount : 0, after.AmountRefunded.Amount);
        var product = await Data.ProductByIdAsync(order.Lines[0].ProductId);
        Assert.Equal(after.Status == "cancelled" ? 0 : 2, product.StockReserved);
        await AssertTimelineIsContiguousAsync(after);
    }

    [Fact]
    public async Task Parallel_shipments_and_cancellations_of_a_paid_order_never_ship_a_cancelled_order()
    {
        var order = await Data.PaidAsync(price: 1_000, quantity: 6, shippingFee: 0);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            i % 2 == 0 ? Client.ShipOrderAsync(order) : Client.CancelOrderAsync(order)));

        await AssertWinnersAndConflictsAsync(responses, HttpStatusCode.OK, HttpStatusCode.Created);
        var after = await Data.GetAsync(order);
        var product = await Data.ProductByIdAsync(order.Lines[0].ProductId);
        var shipped = after.Lines[0].ShippedQuantity;
        Assert.Equal(after.Shipments.Sum(s => s.Lines.Sum(l => l.Quantity)), shipped);
        Assert.Equal(100 - shipped, product.StockOnHand);
        Assert.Equal(after.Status == "cancelled" ? 0 : 6 - shipped, product.StockReserved);
        await AssertTimelineIsContiguousAsync(after);
    }

    [Fact]
    public async Task Parallel_stock_receipts_and_orders_for_one_product_all_succeed_without_a_deadlock()
    {
        // Orders lock their products before their audited save; a receipt must too, or each holds what the other waits
        // for (the product row, the audit chain head) and PostgreSQL aborts one of them.
        var (productId, _) = await Data.ProductAsync(stock: 1_000);
        var customer = await Data.CustomerAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => i % 2 == 0
            ? Client.SendPostAsync($"/api/v1/products/{productId}/stock-adjustments", new { kind = "receipt", quantity = 1, reason = "Delivery" })
            : Client.PlaceOrderAsync(customer, "EUR", null, (productId, 1))));

        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created || response.StatusCode == HttpStatusCode.OK,
                $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancellation)}");
        }

        var product = await Data.ProductByIdAsync(productId);
        Assert.Equal(1_008, product.StockOnHand);
        Assert.Equal(8, product.StockReserved);
    }

    /// <summary>At least one request succeeded; every other one is a 409 (a lost race or a refusal after the winner), never a 500.</summary>
    private static async Task AssertWinnersAndConflictsAsync(HttpResponseMessage[] responses, params HttpStatusCode[] success)
    {
        Assert.Contains(responses, r => success.Contains(r.StatusCode));
        foreach (var response in responses.Where(r => !success.Contains(r.StatusCode)))
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {body}");
            Assert.Matches("\"code\":\"(concurrent_change|action_not_allowed)\"", body);
        }
    }

    private async Task AssertTimelineIsContiguousAsync(OrderResponse order)
    {
        var events = await Data.EventsAsync(order);
        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e.Sequence).Order());
    }
}

public sealed class OrderConcurrencyOnSqlite(SqliteApiFixture fixture) : OrderConcurrencyTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class OrderConcurrencyOnPostgres(PostgresApiFixture fixture) : OrderConcurrencyTests(fixture), IClassFixture<PostgresApiFixture>;
