using System.Net;
using System.Text.Json;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Administration;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Security;

/// <summary>What a caller sees of data that is not theirs to see: contact details found by search, and the shop's internal order fields.</summary>
public abstract class DataExposureTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private OrderTestData Data => new(Fixture, Client);

    private async Task<(CustomerResponse Customer, OrderResponse Order)> CustomerWithOrderAsync()
    {
        var customer = await HttpJson.ReadAsync<CustomerResponse>(
            await Client.SendPostAsync("/api/v1/customers", new { name = "Ada Buyer", email = $"ada-{Guid.NewGuid():N}@example.com" }),
            HttpStatusCode.Created);
        var product = await Data.ProductAsync(stock: 10);
        var order = await HttpJson.ReadAsync<OrderResponse>(await Data.PlaceAsync(customer.Id, (product.Id, 1)), HttpStatusCode.Created);
        return (customer, order);
    }

    [Fact]
    public async Task Finding_orders_by_a_customers_email_needs_the_same_permission_as_finding_the_customer_by_it()
    {
        var (customer, order) = await CustomerWithOrderAsync();
        var (warehouse, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Warehouse]);
        var (support, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Support]);
        var byEmail = $"/api/v1/orders?q={Uri.EscapeDataString(customer.Email)}";

        await (await warehouse.GetAsync(byEmail, Cancellation)).AssertProblemAsync(HttpStatusCode.Forbidden, "contact_details_hidden");
        await (await warehouse.GetAsync($"/api/v1/customers?email={Uri.EscapeDataString(customer.Email)}", Cancellation))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "contact_details_hidden");
        // Refused whatever the address, so the answer does not tell a customer's address from an unknown one.
        await (await warehouse.GetAsync($"/api/v1/orders?q=nobody-{Guid.NewGuid():N}@example.com", Cancellation))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "contact_details_hidden");

        // The order number stays searchable for everyone who may read orders.
        var byNumber = await HttpJson.ReadAsync<Page<OrderSummaryResponse>>(await warehouse.GetAsync($"/api/v1/orders?q={order.Number}", Cancellation), HttpStatusCode.OK);
        Assert.Equal(order.Id, Assert.Single(byNumber.Data).Id);

        var found = await HttpJson.ReadAsync<Page<OrderSummaryResponse>>(await support.GetAsync(byEmail, Cancellation), HttpStatusCode.OK);
        Assert.Equal(order.Id, Assert.Single(found.Data).Id);
    }

    [Fact]
    public async Task The_order_export_refuses_an_email_search_to_a_caller_without_customers_pii()
    {
        var (customer, order) = await CustomerWithOrderAsync();
        var (_, exporterRole) = await AdminTestSupport.CreateRoleAsync(Client, Permissions.OrdersRead, Permissions.OrdersExport);
        var (exporter, _) = await Fixture.Factory.CreateClientWithRolesAsync([exporterRole]);
        var byEmail = $"/api/v1/orders/export?q={Uri.EscapeDataString(customer.Email)}";

        await (await exporter.GetAsync(byEmail, Cancellation)).AssertProblemAsync(HttpStatusCode.Forbidden, "contact_details_hidden");

        var csv = await (await Client.GetAsync(byEmail, Cancellation)).Content.ReadAsStringAsync(Cancellation);
        Assert.Contains(order.Id.ToString(), csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_sees_their_order_and_its_timeline_without_staff_ids_refund_reasons_or_the_payment_reference()
    {
        var customerId = await Data.CustomerAsync();
        var (shopper, shopperUserId) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Customer], customerId);
        var product = await Data.ProductAsync(stock: 10, price: 3000);
        var placed = await HttpJson.ReadAsync<OrderResponse>(
            await shopper.SendPostAsync("/api/v1/orders", new { customerId, currency = "EUR", lines = new[] { new { productId = product.Id, quantity = 1 } } }),
            HttpStatusCode.Created);
        var paymentReference = "psp_" + Guid.NewGuid().ToString("N");
        var refundReason = "Internal: goodwill, ticket " + Guid.NewGuid().ToString("N");
        await (await Client.SendPostAsync($"/api/v1/orders/{placed.Id}/payment", new { amount = placed.Total, externalReference = paymentReference },
            idempotencyKey: Guid.NewGuid().ToString())).ReadAsync<OrderResponse>(HttpStatusCode.OK);
        var staffView = await HttpJson.ReadAsync<OrderResponse>(
            await Client.SendPostAsync($"/api/v1/orders/{placed.Id}/refunds", new { amount = new { amount = 500, currency = "EUR" }, reason = refundReason },
                idempotencyKey: Guid.NewGuid().ToString()),
            HttpStatusCode.Created);
        var staffId = Assert.Single(staffView.Refunds).Actor!;
        string[] internals = [staffId, paymentReference, refundReason, shopperUserId.ToString()];

        // Staff cancel the paid order (customers may not give money back), which refunds the rest.
        await (await Client.SendPostAsync($"/api/v1/orders/{placed.Id}/cancel", new { }, idempotencyKey: Guid.NewGuid().ToString())).ReadAsync<OrderResponse>(HttpStatusCode.OK);
        using var got = await shopper.GetAsync($"/api/v1/orders/{placed.Id}", Cancellation);
        var seen = await HttpJson.ReadAsync<OrderResponse>(got, HttpStatusCode.OK);
        Assert.Null(seen.PaymentReference);
        Assert.Equal(2, seen.Refunds.Count);
        Assert.All(seen.Refunds, refund => Assert.Null(refund.Reason));
        Assert.All(seen.Refunds, refund => Assert.Null(refund.Actor));
        Assert.Equal(placed.Total.Amount, seen.AmountRefunded.Amount);
        AssertContainsNone(await got.Content.ReadAsStringAsync(Cancellation), internals);

        // The answer to the customer's own action, and its idempotent replay, are the customer's projection too.
        var unpaid = await HttpJson.ReadAsync<OrderResponse>(
            await shopper.SendPostAsync("/api/v1/orders", new { customerId, currency = "EUR", lines = new[] { new { productId = product.Id, quantity = 1 } } }),
            HttpStatusCode.Created);
        var key = Guid.NewGuid().ToString();
        using var cancelled = await shopper.SendPostAsync($"/api/v1/orders/{unpaid.Id}/cancel", new { }, idempotencyKey: key);
        using var replayed = await shopper.SendPostAsync($"/api/v1/orders/{unpaid.Id}/cancel", new { }, idempotencyKey: key);
        Assert.Equal("true", Assert.Single(replayed.Headers.GetValues("Idempotent-Replayed")));
        foreach (var response in new[] { cancelled, replayed })
        {
            Assert.Equal("cancelled", (await HttpJson.ReadAsync<OrderResponse>(response, HttpStatusCode.OK)).Status);
            AssertContainsNone(await response.Content.ReadAsStringAsync(Cancellation), internals);
        }

        var events = await HttpJson.ReadAsync<Page<OrderEventResponse>>(await shopper.GetAsync($"/api/v1/orders/{placed.Id}/events", Cancellation), HttpStatusCode.OK);
        Assert.Equal(
            ["order.placed:customer", "order.paid:staff", "order.refunded:staff", "order.refunded:staff", "order.cancelled:staff"],
            events.Data.Select(e => $"{e.Type}:{e.Actor}"));
        Assert.All(events.Data, e => Assert.Null(e.Data.ExternalReference ?? e.Data.Reason));
        Assert.Equal(new MoneyDto(500, "EUR"), events.Data.First(e => e.Type == "order.refunded").Data.Amount);
        var list = await shopper.GetAsync("/api/v1/orders?limit=100", Cancellation);
        AssertContainsNone(JsonSerializer.Serialize(events, JsonSerializerOptions.Web) + await list.Content.ReadAsStringAsync(Cancellation), internals);

        // Staff keep the whole picture.
        var full = await HttpJson.ReadAsync<OrderResponse>(await Client.GetAsync($"/api/v1/orders/{placed.Id}", Cancellation), HttpStatusCode.OK);
        Assert.Equal(paymentReference, full.PaymentReference);
        Assert.Contains(full.Refunds, refund => refund.Reason == refundReason && refund.Actor == staffId);
        var timeline = await (await Client.GetAsync($"/api/v1/orders/{placed.Id}/events", Cancellation)).ReadAsync<Page<OrderEventResponse>>(HttpStatusCode.OK);
        Assert.Equal(paymentReference, timeline.Data.Single(e => e.Type == "order.paid").Data.ExternalReference);
        Assert.Equal(shopperUserId.ToString(), timeline.Data[0].Actor);
    }

    private static void AssertContainsNone(string body, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Assert.False(body.Contains(value, StringComparison.OrdinalIgnoreCase), $"'{value}' is in the customer's view: {body}");
        }
    }
}

public sealed class DataExposureOnSqlite(SqliteApiFixture fixture) : DataExposureTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class DataExposureOnPostgres(PostgresApiFixture fixture) : DataExposureTests(fixture), IClassFixture<PostgresApiFixture>;
