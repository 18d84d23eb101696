using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Orders;
using Ordo.Api.Features.Products;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

public abstract class OrderLifecycleTests : ProviderTests
{
    private static readonly string[] AllActions = ["pay", "cancel", "refund", "ship", "deliver"];

    protected OrderLifecycleTests(ApiFixture fixture) : base(fixture) => Data = new OrderTestData(fixture, Client);

    private OrderTestData Data { get; }

    [Fact]
    public async Task Placing_an_order_snapshots_prices_computes_totals_and_reserves_stock()
    {
        var order = await Data.PendingOrderAsync();

        Assert.Matches("^ORD-[0-9]{6,}$", order.Number);
        Assert.Equal("pending/unpaid/unfulfilled", OrderTestData.States(order));
        Assert.Equal(["pay", "cancel"], OrderTestData.Actions(order));
        Assert.Equal(4000, order.Subtotal.Amount);
        Assert.Equal(4500, order.Total.Amount);
        var productA = await Data.ProductByIdAsync(order.Lines[0].ProductId);
        var reservedA = order.Lines.First(l => l.ProductId == productA.Id).Quantity;
        Assert.Equal(reservedA, productA.StockReserved);
        Assert.Equal(10 - reservedA, productA.StockAvailable);
    }

    [Fact]
    public async Task The_full_lifecycle_pays_ships_partially_delivers_and_completes_with_a_timeline()
    {
        var order = await Data.PendingOrderAsync();
        var productId = order.Lines[0].ProductId;
        var quantity = order.Lines[0].Quantity;

        order = await Data.PayAsync(order);
        Assert.Equal("open/paid/unfulfilled", OrderTestData.States(order));
        order = await Data.ShipAsync(order, lineIndex: 0, quantity: 1);
        Assert.Equal("open/paid/partially_fulfilled", OrderTestData.States(order));
        var afterFirstParcel = await Data.ProductByIdAsync(productId);
        Assert.Equal(9, afterFirstParcel.StockOnHand);
        Assert.Equal(quantity - 1, afterFirstParcel.StockReserved);

        order = await Data.ShipEverythingAsync(order);
        Assert.Equal("open/paid/fulfilled", OrderTestData.States(order));
        order = await Data.DeliverAllAsync(order);
        Assert.Equal("completed/paid/delivered", OrderTestData.States(order));
        var product = await Data.ProductByIdAsync(productId);
        Assert.Equal(10 - quantity, product.StockOnHand);
        Assert.Equal(0, product.StockReserved);

        using var timeline = await Client.GetAsync(OrderTestData.Url(order, "events"), Cancellation);
        var events = await timeline.ReadAsync<Page<OrderEventResponse>>(HttpStatusCode.OK);
        Assert.Equal(
            ["order.placed", "order.paid", "order.shipped", "order.shipped", "order.delivered", "order.delivered", "order.completed"],
            events.Data.Select(e => e.Type));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], events.Data.Select(e => e.Sequence));

        // Money in event data is { amount, currency } like everywhere else; each type carries its own fields only.
        // Raw JSON: which members each event's data carries on the wire is the point.
        var data = await timeline.RawMemberOfEachRowAsync("data");
        var total = JsonSerializer.Serialize(order.Total, HttpJson.Api);
        var shipments = order.Shipments;
        // The test data's orders are placed by an administrator with the fee set, which the timeline records.
        Assert.Equal($$"""{"total":{{total}},"shippingFeeOverride":{{JsonSerializer.Serialize(order.ShippingFee, HttpJson.Api)}}}""", data[0]);
        Assert.Equal($$"""{"amount":{{total}},"externalReference":"{{order.PaymentReference}}"}""", data[1]);
        Assert.Equal(
            $$"""{"shipmentId":"{{shipments[0].Id}}","carrier":"DHL","trackingNumber":"{{shipments[0].TrackingNumber}}"}""",
            data[2]);
        Assert.Equal($$"""{"shipmentId":"{{shipments[0].Id}}"}""", data[4]);
        Assert.Equal("{}", data[6]);
    }

    [Fact]
    public async Task Shipping_and_refunding_answer_with_the_Location_of_the_new_shipment_or_refund_and_it_reads_as_that_one()
    {
        var order = await Data.PayAsync(await Data.PendingOrderAsync());
        var shipments = new List<ShipmentResponse>();
        foreach (var (tracking, line) in new[] { ("FIRST-PARCEL", 0), ("SECOND-PARCEL", 1) })
        {
            using var shipped = await Client.SendPostAsync(OrderTestData.Url(order, "shipments"), new
            {
                carrier = "DHL",
                trackingNumber = tracking,
                lines = new[] { new { orderLineId = OrderTestData.Line(order, line), quantity = 1 } },
            });
            var updated = await shipped.ReadAsync<OrderResponse>(HttpStatusCode.Created);
            var location = shipped.Headers.Location!.ToString();
            var shipment = await (await Client.GetAsync(location, Cancellation)).ReadAsync<ShipmentResponse>(HttpStatusCode.OK);
            Assert.Equal($"/api/v1/orders/{updated.Id}/shipments/{shipment.Id}", location);
            Assert.Equal(tracking, shipment.TrackingNumber);
            Assert.Contains(updated.Shipments, listed => listed.Id == shipment.Id && listed.TrackingNumber == tracking);
            shipments.Add(shipment);
        }

        Assert.NotEqual(shipments[0].Id, shipments[1].Id);
        foreach (var amount in new long[] { 700, 300 })
        {
            using var refunded = await Client.SendPostAsync(OrderTestData.Url(order, "refunds"), new
            {
                amount = new { amount, currency = "EUR" },
                reason = $"Goodwill {amount}",
            }, idempotencyKey: Guid.NewGuid().ToString());
            var updated = await refunded.ReadAsync<OrderResponse>(HttpStatusCode.Created);
            var location = refunded.Headers.Location!.ToString();
            var refund = await (await Client.GetAsync(location, Cancellation)).ReadAsync<RefundResponse>(HttpStatusCode.OK);
            Assert.Equal($"/api/v1/orders/{updated.Id}/refunds/{refund.Id}", location);
            Assert.Equal((amount, $"Goodwill {amount}"), (refund.Amount.Amount, refund.Reason));
            Assert.Contains(updated.Refunds, listed => listed.Id == refund.Id && listed.Amount.Amount == amount);
        }

        await (await Client.GetAsync($"{OrderTestData.Url(order, "shipments")}/{Guid.NewGuid()}", Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Client.GetAsync($"/api/v1/orders/{Guid.NewGuid()}/refunds/{Guid.NewGuid()}", Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Cancelling_a_paid_order_refunds_the_payment_and_releases_stock()
    {
        var order = await Data.PayAsync(await Data.PendingOrderAsync());
        var productId = order.Lines[0].ProductId;

        order = await Data.CancelAsync(order);

        Assert.Equal("cancelled/refunded/unfulfilled", OrderTestData.States(order));
        Assert.Equal(4500, order.AmountRefunded.Amount);
        Assert.Empty(OrderTestData.Actions(order));
        var product = await Data.ProductByIdAsync(productId);
        Assert.Equal(0, product.StockReserved);
        Assert.Equal(10, product.StockOnHand);
        using var timeline = await Client.GetAsync(OrderTestData.Url(order, "events"), Cancellation);
        Assert.Equal("order.refunded", (await timeline.ReadAsync<Page<OrderEventResponse>>(HttpStatusCode.OK)).Data[2].Type);
        // Raw JSON: the refund event's data exactly as it goes over the wire.
        Assert.Equal(
            $$"""{"amount":{"amount":4500,"currency":"EUR"},"refundId":"{{order.Refunds[0].Id}}","reason":"Order cancelled"}""",
            (await timeline.RawMemberOfEachRowAsync("data"))[2]);
    }

    [Fact]
    public async Task Unpaid_orders_expire_after_the_payment_window_and_release_their_stock()
    {
        var order = await Data.PendingOrderAsync();
        var id = order.Id;
        var productId = order.Lines[0].ProductId;
        await AgeOrderAsync(id, TimeSpan.FromHours(2));

        // The host's scheduler may sweep first; either sweep leaves the same state, which is what is checked.
        var expiry = Fixture.Factory.Services.GetRequiredService<ExpireUnpaidOrders>();
        await expiry.ExpireAllDueAsync(Cancellation);

        order = await Data.GetAsync(order);
        Assert.Equal("expired/unpaid/unfulfilled", OrderTestData.States(order));
        Assert.Equal(0, (await Data.ProductByIdAsync(productId)).StockReserved);
        await expiry.ExpireAllDueAsync(Cancellation);
        var events = await (await Client.GetAsync(OrderTestData.Url(order, "events"), Cancellation)).ReadAsync<Page<OrderEventResponse>>(HttpStatusCode.OK);
        Assert.Single(events.Data, e => e.Type == "order.expired");
    }

    [Fact]
    public async Task Shipping_more_than_ordered_is_refused_with_422_and_changes_nothing()
    {
        var order = await Data.PayAsync(await Data.PendingOrderAsync());
        var etag = (await Client.GetAsync($"/api/v1/orders/{order.Id}", Cancellation)).ETag();

        var response = await Client.SendPostAsync(OrderTestData.Url(order, "shipments"), new
        {
            carrier = "DHL",
            trackingNumber = "T1",
            lines = new[] { new { orderLineId = OrderTestData.Line(order, 0), quantity = 99 } },
        });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "shipment_exceeds_ordered_quantity");
        Assert.Equal(etag, (await Client.GetAsync($"/api/v1/orders/{order.Id}", Cancellation)).ETag());
    }

    [Fact]
    public async Task Actions_honour_If_Match_when_sent()
    {
        var order = await Data.PendingOrderAsync();
        var url = $"/api/v1/orders/{order.Id}";
        var etag = (await Client.GetAsync(url, Cancellation)).ETag();
        await Data.PayAsync(order);

        var stale = await Client.SendPostAsync(OrderTestData.Url(order, "cancel"), new { }, ifMatch: etag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        var current = (await Client.GetAsync(url, Cancellation)).ETag();
        var cancelled = await Client.SendPostAsync(OrderTestData.Url(order, "cancel"), new { }, ifMatch: current);
        await cancelled.ReadAsync<OrderResponse>(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refunds_never_exceed_what_was_paid()
    {
        var order = await Data.PayAsync(await Data.PendingOrderAsync());
        order = await Data.RefundAsync(order, 4000);
        Assert.Equal("partially_refunded", order.PaymentStatus);

        var tooMuch = await Client.SendPostAsync(OrderTestData.Url(order, "refunds"), new
        {
            amount = new { amount = 501, currency = "EUR" },
            reason = "Goodwill",
        }, idempotencyKey: Guid.NewGuid().ToString());
        await tooMuch.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "refund_exceeds_paid_amount");

        order = await Data.RefundAsync(order, 500);
        Assert.Equal("refunded", order.PaymentStatus);
        Assert.Equal(2, order.Refunds.Count);
    }

    [Fact]
    public async Task Payment_must_equal_the_total_and_needs_an_idempotency_key()
    {
        var order = await Data.PendingOrderAsync();

        var withoutKey = await Client.SendPostAsync(OrderTestData.Url(order, "payment"), new
        {
            amount = order.Total,
            externalReference = "psp_1",
        });
        await withoutKey.AssertProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_required");

        var wrongAmount = await Client.SendPostAsync(OrderTestData.Url(order, "payment"), new
        {
            amount = new { amount = 1, currency = "EUR" },
            externalReference = "psp_1",
        }, idempotencyKey: Guid.NewGuid().ToString());
        await wrongAmount.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "payment_amount_mismatch");
    }

    [Fact]
    public async Task Ordering_more_than_is_available_is_a_409_naming_the_skus_and_reserves_nothing()
    {
        var customer = await Data.CustomerAsync();
        var plenty = await Data.ProductAsync(stock: 10);
        var scarce = await Data.ProductAsync(stock: 1);

        var response = await Data.PlaceAsync(customer, (plenty.Id, 3), (scarce.Id, 2));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock");
        Assert.Equal([scarce.Sku], problem.Extension<string[]>("skus").ToArray());
        Assert.Equal(0, (await Data.ProductByIdAsync(plenty.Id)).StockReserved);
    }

    [Fact]
    public async Task Archived_products_cannot_be_ordered()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 5);
        await (await Client.SendPostAsync($"/api/v1/products/{product.Id}/archive", new { })).ReadAsync<ProductResponse>(HttpStatusCode.OK);

        var response = await Data.PlaceAsync(customer, (product.Id, 1));

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "product_archived");
    }

    [Fact]
    public async Task Fifty_parallel_orders_for_ten_units_sell_exactly_ten()
    {
        // One customer each: one customer's placements queue on its row lock, which would hide the product's race.
        var customers = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            customers.Add(await Data.CustomerAsync());
        }

        var product = await Data.ProductAsync(stock: 10);

        var responses = await Task.WhenAll(customers.Select(customer => Data.PlaceAsync(customer, (product.Id, 1))));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(40, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var after = await Data.ProductByIdAsync(product.Id);
        Assert.Equal(10, after.StockReserved);
        Assert.Equal(0, after.StockAvailable);
        var movements = await (await Client.GetAsync($"/api/v1/products/{product.Id}/stock-movements", Cancellation)).ReadAsync<Page<StockMovementResponse>>(HttpStatusCode.OK);
        Assert.Equal(10, movements.Data.Count(m => m.Kind == "reservation"));
    }

    [Fact]
    public async Task Orders_naming_the_same_products_in_opposite_line_order_are_placed_and_cancelled_in_parallel_without_deadlock()
    {
        var a = await Data.ProductAsync(stock: 100);
        var b = await Data.ProductAsync(stock: 100);
        var customers = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            customers.Add(await Data.CustomerAsync());
        }

        var placed = await Task.WhenAll(customers.Select((customer, i) =>
            i % 2 == 0 ? Data.PlaceAsync(customer, (a.Id, 1), (b.Id, 2)) : Data.PlaceAsync(customer, (b.Id, 2), (a.Id, 1))));
        var orders = new List<OrderResponse>();
        foreach (var response in placed)
        {
            orders.Add(await response.ReadAsync<OrderResponse>(HttpStatusCode.Created));
        }

        Assert.Equal((20, 40), ((await Data.ProductByIdAsync(a.Id)).StockReserved, (await Data.ProductByIdAsync(b.Id)).StockReserved));
        var cancelled = await Task.WhenAll(orders.Select(order => Data.CancelAsync(order)));

        Assert.All(cancelled, order => Assert.Equal("cancelled", order.Status));
        Assert.Equal((0, 0), ((await Data.ProductByIdAsync(a.Id)).StockReserved, (await Data.ProductByIdAsync(b.Id)).StockReserved));
    }

    public static TheoryData<string> States => new(StateArrangements.Keys);

    private static readonly Dictionary<string, Func<OrderTestData, Task<OrderResponse>>> StateArrangements = new()
    {
        ["pending/unpaid/unfulfilled"] = data => data.PendingOrderAsync(),
        ["open/paid/unfulfilled"] = async data => await data.PayAsync(await data.PendingOrderAsync()),
        ["open/partially_refunded/unfulfilled"] = async data => await data.RefundAsync(await data.PayAsync(await data.PendingOrderAsync()), 100),
        ["open/refunded/unfulfilled"] = async data => await data.RefundAsync(await data.PayAsync(await data.PendingOrderAsync()), 4500),
        ["open/paid/partially_fulfilled"] = async data => await data.ShipAsync(await data.PayAsync(await data.PendingOrderAsync()), 0, 1),
        ["open/paid/fulfilled"] = async data => await data.ShipEverythingAsync(await data.PayAsync(await data.PendingOrderAsync())),
        ["completed/paid/delivered"] = async data => await data.DeliverAllAsync(await data.ShipEverythingAsync(await data.PayAsync(await data.PendingOrderAsync()))),
        ["cancelled/unpaid/unfulfilled"] = async data => await data.CancelAsync(await data.PendingOrderAsync()),
        ["cancelled/refunded/unfulfilled"] = async data => await data.CancelAsync(await data.PayAsync(await data.PendingOrderAsync())),
    };

    [Theory]
    [MemberData(nameof(States))]
    public async Task Every_action_succeeds_exactly_when_allowedActions_offers_it_and_a_refused_one_changes_nothing(string state)
    {
        foreach (var action in AllActions)
        {
            var order = await StateArrangements[state](Data);
            Assert.Equal(state, OrderTestData.States(order));
            var allowed = OrderTestData.Actions(order);
            var url = $"/api/v1/orders/{order.Id}";
            var before = await Client.GetAsync(url, Cancellation);
            var beforeBody = await before.Content.ReadAsStringAsync(Cancellation);

            var response = await InvokeAsync(order, action);

            if (allowed.Contains(action))
            {
                Assert.True(response.IsSuccessStatusCode, $"{action} on {state}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
            }
            else
            {
                var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "action_not_allowed");
                Assert.Equal(order.Status, problem.Extension<string>("orderStatus"));
                Assert.Equal(allowed, problem.Extension<string[]>("allowedActions").ToArray());
                Assert.Equal(order.PaymentStatus, problem.Extension<string>("paymentStatus"));
                Assert.Equal(order.FulfilmentStatus, problem.Extension<string>("fulfilmentStatus"));
                var after = await Client.GetAsync(url, Cancellation);
                Assert.Equal(before.ETag(), after.ETag());
                Assert.Equal(beforeBody, await after.Content.ReadAsStringAsync(Cancellation));
            }
        }
    }

    [Fact]
    public async Task AllowedActions_match_the_lifecycle_table()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["pending/unpaid/unfulfilled"] = ["pay", "cancel"],
            ["open/paid/unfulfilled"] = ["cancel", "refund", "ship"],
            ["open/paid/fulfilled"] = ["refund", "deliver"],
            ["completed/paid/delivered"] = ["refund"],
            ["cancelled/unpaid/unfulfilled"] = [],
            ["cancelled/refunded/unfulfilled"] = [],
        };
        foreach (var (state, actions) in expected)
        {
            var order = await StateArrangements[state](Data);
            Assert.Equal(actions.Order(), OrderTestData.Actions(order).Order());
        }
    }

    private Task<HttpResponseMessage> InvokeAsync(OrderResponse order, string action)
    {
        var shipments = order.Shipments;
        var shipmentId = shipments.FirstOrDefault(s => s.DeliveredAt is null) is { } open
            ? open.Id
            : shipments.Count > 0 ? shipments[0].Id : Guid.NewGuid();
        var unshipped = order.Lines.FirstOrDefault(l => l.Quantity > l.ShippedQuantity);
        var lineId = unshipped is not null ? unshipped.Id : OrderTestData.Line(order, 0);
        return action switch
        {
            "pay" => Client.SendPostAsync(OrderTestData.Url(order, "payment"), new { amount = order.Total, externalReference = "psp" }, idempotencyKey: Guid.NewGuid().ToString()),
            "cancel" => Client.SendPostAsync(OrderTestData.Url(order, "cancel"), new { }),
            "refund" => Client.SendPostAsync(OrderTestData.Url(order, "refunds"), new { amount = new { amount = 1, currency = "EUR" }, reason = "r" }, idempotencyKey: Guid.NewGuid().ToString()),
            "ship" => Client.SendPostAsync(OrderTestData.Url(order, "shipments"), new { carrier = "UPS", trackingNumber = "1Z", lines = new[] { new { orderLineId = lineId, quantity = 1 } } }),
            _ => Client.SendPostAsync(OrderTestData.Url(order, $"shipments/{shipmentId}/deliver"), new { }),
        };
    }

    private async Task AgeOrderAsync(Guid id, TimeSpan age)
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var createdAt = DateTimeOffset.UtcNow - age;
        await db.Orders.Where(o => o.Id == id).ExecuteUpdateAsync(
            set => set.SetProperty(o => o.CreatedAt, createdAt).SetProperty(o => o.PaymentDueAt, createdAt + TimeSpan.FromMinutes(30)), Cancellation);
    }
}

public sealed class OrderLifecycleOnSqlite(SqliteApiFixture fixture) : OrderLifecycleTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class OrderLifecycleOnPostgres(PostgresApiFixture fixture) : OrderLifecycleTests(fixture), IClassFixture<PostgresApiFixture>;
