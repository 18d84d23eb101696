using Bunit;
using Ordo.Admin.Orders;

namespace Ordo.Admin.Tests;

public sealed class OrderScreenTests : BunitContext
{
    private static readonly Guid OrderId = Guid.Parse("019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f90");

    private static string Summary(int number) =>
        $$$"""{"id":"{{{Guid.NewGuid()}}}","number":"ORD-{{{number:D6}}}","customerId":"{{{Guid.NewGuid()}}}","status":"pending","paymentStatus":"unpaid","fulfilmentStatus":"unfulfilled","allowedActions":["pay","cancel"],"total":{"amount":4500,"currency":"EUR"},"createdAt":"2026-12-07T10:00:00Z","updatedAt":"2026-12-07T10:00:00Z"}""";

    private static string Order(string status, string allowedActions) => $$$"""
        {"id":"{{{OrderId}}}","number":"ORD-000042","customerId":"{{{Guid.NewGuid()}}}","currency":"EUR","status":"{{{status}}}","paymentStatus":"unpaid","fulfilmentStatus":"unfulfilled",
         "allowedActions":{{{allowedActions}}},"lines":[{"id":"{{{Guid.NewGuid()}}}","productId":"{{{Guid.NewGuid()}}}","sku":"MUG","productName":"Mug","unitPrice":{"amount":2000,"currency":"EUR"},"quantity":2,"shippedQuantity":0,"lineTotal":{"amount":4000,"currency":"EUR"}}],
         "subtotal":{"amount":4000,"currency":"EUR"},"shippingFee":{"amount":500,"currency":"EUR"},"total":{"amount":4500,"currency":"EUR"},"amountPaid":{"amount":0,"currency":"EUR"},"amountRefunded":{"amount":0,"currency":"EUR"},
         "paymentReference":null,"shipments":[],"refunds":[],"createdAt":"2026-12-07T10:00:00Z","updatedAt":"2026-12-07T10:00:00Z","paymentDueAt":"2026-12-07T10:30:00Z"}
        """;

    private const string NoEvents = """{"data":[],"nextCursor":null,"hasMore":false}""";

    [Fact]
    public void Load_more_fetches_the_next_page_with_the_cursor_and_disappears_at_the_end()
    {
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/orders?", _ => FakeApi.Json($$"""{"data":[{{Summary(1)}},{{Summary(2)}}],"nextCursor":"c1","hasMore":true}"""))
            .On(HttpMethod.Get, "/api/v1/orders?sort=-createdAt&limit=25&cursor=c1", _ => FakeApi.Json($$"""{"data":[{{Summary(3)}}],"nextCursor":null,"hasMore":false}"""));
        api.Register(this, "orders.read");

        var screen = Render<OrderList>();
        screen.WaitForAssertion(() => Assert.Equal(2, screen.FindAll("tbody tr").Count));

        screen.Find("button.secondary").Click();

        screen.WaitForAssertion(() => Assert.Equal(3, screen.FindAll("tbody tr").Count));
        Assert.Empty(screen.FindAll("button.secondary"));
        Assert.Equal(["ORD-000001", "ORD-000002", "ORD-000003"], screen.FindAll("tbody tr a").Select(a => a.TextContent));
    }

    [Fact]
    public void No_matching_orders_show_the_empty_state_not_a_blank_table()
    {
        var api = new FakeApi().On(HttpMethod.Get, "/api/v1/orders?", _ => FakeApi.Json("""{"data":[],"nextCursor":null,"hasMore":false}"""));
        api.Register(this, "orders.read");

        var screen = Render<OrderList>();

        screen.WaitForAssertion(() => Assert.Contains("No orders match.", screen.Find(".empty").TextContent, StringComparison.Ordinal));
        Assert.Empty(screen.FindAll("table"));
    }

    [Fact]
    public void The_order_offers_payment_only_to_a_caller_who_may_pay()
    {
        var api = new FakeApi()
            .On(HttpMethod.Get, $"/api/v1/orders/{OrderId}", _ => FakeApi.Json(Order("pending", """["pay","cancel"]"""), etag: "\"v1\""))
            .On(HttpMethod.Get, $"/api/v1/orders/{OrderId}/events", _ => FakeApi.Json(NoEvents));
        api.Register(this, "orders.read", "orders.cancel");

        var screen = Render<OrderDetail>(parameters => parameters.Add(p => p.Id, OrderId));

        screen.WaitForAssertion(() => Assert.Equal("Order ORD-000042", screen.Find("h1").TextContent));
        Assert.Empty(screen.FindAll("#pay-reference"));
        Assert.Contains(screen.FindAll("button"), button => button.TextContent.StartsWith("Cancel order", StringComparison.Ordinal));
    }

    [Fact]
    public void Paying_sends_an_idempotency_key_and_the_version_seen_and_a_412_reloads_the_order_and_says_why()
    {
        var reads = 0;
        var api = new FakeApi()
            .On(HttpMethod.Get, $"/api/v1/orders/{OrderId}", _ => ++reads == 1
                ? FakeApi.Json(Order("pending", """["pay","cancel"]"""), etag: "\"v1\"")
                : FakeApi.Json(Order("open", """["cancel","refund","ship"]"""), etag: "\"v2\""))
            .On(HttpMethod.Get, $"/api/v1/orders/{OrderId}/events", _ => FakeApi.Json(NoEvents))
            .On(HttpMethod.Post, $"/api/v1/orders/{OrderId}/payment", _ => FakeApi.Problem(412, "precondition_failed", "The order changed.", "trace-412"));
        api.Register(this, "orders.read", "orders.pay");
        var screen = Render<OrderDetail>(parameters => parameters.Add(p => p.Id, OrderId));
        screen.WaitForAssertion(() => screen.Find("#pay-reference"));

        screen.Find("#pay-reference").Change("psp_1");
        screen.Find("form.action").Submit();

        screen.WaitForAssertion(() => Assert.Contains("Someone else changed this order", screen.Find(".problem").TextContent, StringComparison.Ordinal));
        var payment = api.Requests.Single(r => r.Method == HttpMethod.Post);
        Assert.Equal("\"v1\"", payment.Headers.IfMatch.Single().ToString());
        Assert.True(Guid.TryParse(payment.Headers.GetValues("Idempotency-Key").Single(), out _));
        Assert.Equal("open", screen.Find(".states .badge").TextContent);
        Assert.Empty(screen.FindAll("#pay-reference"));
        Assert.Equal("trace-412", screen.Find(".trace code").TextContent);
    }

    [Fact]
    public void The_panel_declares_its_own_records_and_references_no_Ordo_assembly()
    {
        var references = typeof(OrderActions).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("Ordo.", StringComparison.Ordinal));
    }
}
