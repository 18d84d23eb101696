using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Security;

/// <summary>The resource rules through the real pipeline: ownership (BOLA), list scoping, refund limit, PII masking.</summary>
public abstract class ResourceRuleTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private OrderTestData Data => new(Fixture, Client);

    private async Task<(HttpClient Client, Guid CustomerId)> ShopperAsync()
    {
        var customerId = await Data.CustomerAsync();
        var (client, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Customer], customerId);
        return (client, customerId);
    }

    private async Task<OrderResponse> OrderForAsync(Guid customerId)
    {
        var product = await Data.ProductAsync(stock: 10);
        return await (await Data.PlaceAsync(customerId, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_customer_refused_a_staff_permission_is_told_it_is_for_staff_not_to_ask_for_a_role()
    {
        var (shopper, _) = await ShopperAsync();

        using var refused = await shopper.GetAsync("/api/v1/users", Cancellation);

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "permission_missing");
        Assert.Contains("for staff", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_cannot_see_or_touch_another_customers_order_and_gets_404_not_403()
    {
        var (alice, aliceId) = await ShopperAsync();
        var (_, bobId) = await ShopperAsync();
        var bobs = await OrderForAsync(bobId);
        var bobsUrl = $"/api/v1/orders/{bobs.Id}";

        await (await alice.GetAsync(bobsUrl, Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await alice.GetAsync(bobsUrl + "/events", Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await alice.SendPostAsync(bobsUrl + "/cancel", new { reason = "not mine" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        // A missing order and someone else's look the same.
        await (await alice.GetAsync($"/api/v1/orders/{Guid.NewGuid()}", Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        // Nothing happened to Bob's order.
        Assert.Equal("pending", (await Data.GetAsync(bobs)).Status);

        var own = await OrderForAsync(aliceId);
        var mine = await (await alice.GetAsync($"/api/v1/orders/{own.Id}", Cancellation)).ReadAsync<OrderResponse>(HttpStatusCode.OK);
        Assert.Equal(aliceId, mine.CustomerId);
    }

    [Fact]
    public async Task A_customer_reads_a_refund_of_their_own_order_without_its_internals_and_another_customer_gets_404()
    {
        var (alice, aliceId) = await ShopperAsync();
        var (bob, _) = await ShopperAsync();
        var order = await Data.PayAsync(await OrderForAsync(aliceId));
        using var refunded = await Client.SendPostAsync(OrderTestData.Url(order, "refunds"), new
        {
            amount = new { amount = 100, currency = "EUR" },
            reason = "Internal: courier lost it",
        }, idempotencyKey: Guid.NewGuid().ToString());
        await refunded.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var location = refunded.Headers.Location!.ToString();

        var staffView = await (await Client.GetAsync(location, Cancellation)).ReadAsync<Ordo.Api.Features.Orders.RefundResponse>(HttpStatusCode.OK);
        var ownView = await (await alice.GetAsync(location, Cancellation)).ReadAsync<Ordo.Api.Features.Orders.RefundResponse>(HttpStatusCode.OK);

        Assert.Equal("Internal: courier lost it", staffView.Reason);
        Assert.Equal((staffView.Id, staffView.Amount.Amount, (string?)null, (string?)null), (ownView.Id, ownView.Amount.Amount, ownView.Reason, ownView.Actor));
        await (await bob.GetAsync(location, Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_customers_lists_contain_only_their_own_rows_whatever_the_filters()
    {
        var (alice, aliceId) = await ShopperAsync();
        var (_, bobId) = await ShopperAsync();
        await OrderForAsync(aliceId);
        await OrderForAsync(bobId);

        foreach (var url in new[] { "/api/v1/orders?limit=100", $"/api/v1/orders?customerId={bobId}" })
        {
            var page = await (await alice.GetAsync(url, Cancellation)).ReadAsync<Page<OrderSummaryResponse>>(HttpStatusCode.OK);
            Assert.All(page.Data, order => Assert.Equal(aliceId, order.CustomerId));
        }

        var customers = await (await alice.GetAsync("/api/v1/customers?limit=100", Cancellation)).ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);
        Assert.All(customers.Data, customer => Assert.Equal(aliceId, customer.Id));
        var orders = await (await alice.GetAsync("/api/v1/orders?limit=100", Cancellation)).ReadAsync<Page<OrderSummaryResponse>>(HttpStatusCode.OK);
        Assert.Single(orders.Data);
    }

    [Fact]
    public async Task A_customer_cannot_read_edit_or_order_for_another_customer()
    {
        var (alice, _) = await ShopperAsync();
        var (_, bobId) = await ShopperAsync();
        var product = await Data.ProductAsync(stock: 10);

        await (await alice.GetAsync($"/api/v1/customers/{bobId}", Cancellation)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await alice.PatchAsync($"/api/v1/customers/{bobId}", """{"name":"Mallory"}""", "\"1\""))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await alice.SendPostAsync("/api/v1/orders", new { customerId = bobId, currency = "EUR", lines = new[] { new { productId = product.Id, quantity = 1 } } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_customer");
        await (await alice.SendPostAsync("/api/v1/customers", new { name = "Another me", email = $"x-{Guid.NewGuid():N}@example.com" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "own_customer_record_only");
        Assert.Equal(0, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }

    [Fact]
    public async Task Support_refunds_up_to_the_limit_and_a_refusal_above_it_is_logged_with_its_rule()
    {
        var limit = 10_000; // Orders:Currencies:EUR:RefundLimit default, per agent and order
        var customerId = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10, price: 30_000);
        var order = await Data.PayAsync(await (await Data.PlaceAsync(customerId, (product.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created));
        var (support, supportUserId) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Support]);

        var above = await support.SendPostAsync(OrderTestData.Url(order, "refunds"),
            new { amount = new { amount = limit + 1, currency = "EUR" }, reason = "goodwill" }, idempotencyKey: Guid.NewGuid().ToString());
        await above.AssertProblemAsync(HttpStatusCode.Forbidden, "refund_limit_exceeded");
        Assert.Equal(0, (await Data.GetAsync(order)).AmountRefunded.Amount);
        var denial = Assert.Single(Fixture.Factory.Services.GetRequiredService<FakeLogCollector>().GetSnapshot(), record =>
            record.Category == AuthorizationLog.Category && record.GetStructuredStateValue("SubjectId") == supportUserId.ToString());
        Assert.Equal(AccessRules.RefundLimitRule, denial.GetStructuredStateValue("Rule"));

        var atLimit = await support.SendPostAsync(OrderTestData.Url(order, "refunds"),
            new { amount = new { amount = limit, currency = "EUR" }, reason = "goodwill" }, idempotencyKey: Guid.NewGuid().ToString());
        await atLimit.ReadAsync<OrderResponse>(HttpStatusCode.Created);

        var (manager, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Manager]);
        var unlimited = await manager.SendPostAsync(OrderTestData.Url(order, "refunds"),
            new { amount = new { amount = limit + 5_000, currency = "EUR" }, reason = "damaged" }, idempotencyKey: Guid.NewGuid().ToString());
        var refunded = await unlimited.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        Assert.Equal((2 * limit) + 5_000, refunded.AmountRefunded.Amount);
    }

    [Fact]
    public async Task Warehouse_sees_customer_contact_details_masked_while_support_and_the_customer_see_them()
    {
        var email = $"grace-{Guid.NewGuid():N}@example.com";
        var created = await (await Client.SendPostAsync("/api/v1/customers", new
        {
            name = "Grace Hopper",
            email,
            phone = "+1 555 0100 42",
            addresses = new[] { new { line1 = "1 Navy Yard", city = "Arlington", postalCode = "22202", countryCode = "US" } },
        })).ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        var id = created.Id;
        var (warehouse, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Warehouse]);
        var (support, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Support]);
        var (self, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Customer], id);

        var one = await warehouse.GetAsync($"/api/v1/customers/{id}", Cancellation);
        var page = await warehouse.GetAsync($"/api/v1/customers?limit=100", Cancellation);
        var masked = await one.ReadAsync<CustomerResponse>(HttpStatusCode.OK);
        var listed = await page.ReadAsync<Page<CustomerResponse>>(HttpStatusCode.OK);
        foreach (var view in listed.Data.Where(c => c.Id == id).Append(masked))
        {
            Assert.True(view.ContactDetailsMasked);
            Assert.Equal("g***@example.com", view.Email);
            Assert.Equal("Grace Hopper", view.Name);
        }

        // Searched in the text that went over the wire: a contact detail must not be anywhere in it, in any member.
        var sent = (await page.RawRowsAsync()).Where(row => row.Contains(id.ToString(), StringComparison.Ordinal)).Append(await one.Content.ReadAsStringAsync(Cancellation)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, text =>
        {
            Assert.DoesNotContain("grace-", text, StringComparison.Ordinal);
            Assert.DoesNotContain("0100", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Navy Yard", text, StringComparison.Ordinal);
        });

        foreach (var client in new[] { support, self })
        {
            var clear = await (await client.GetAsync($"/api/v1/customers/{id}", Cancellation)).ReadAsync<CustomerResponse>(HttpStatusCode.OK);
            Assert.False(clear.ContactDetailsMasked);
            Assert.Equal(email, clear.Email);
            Assert.Equal("1 Navy Yard", clear.Addresses[0].Line1);
        }
    }
}

public sealed class ResourceRulesOnSqlite(SqliteApiFixture fixture) : ResourceRuleTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class ResourceRulesOnPostgres(PostgresApiFixture fixture) : ResourceRuleTests(fixture), IClassFixture<PostgresApiFixture>;
