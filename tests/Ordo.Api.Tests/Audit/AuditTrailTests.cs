using System.Net;
using Ordo.Api.Features.Audit;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Audit;

/// <summary>What the audit trail records of the business operations, how it is read, and the chain it keeps.</summary>
public abstract class AuditTrailTests : ProviderTests
{
    protected AuditTrailTests(ApiFixture fixture) : base(fixture) => Data = new OrderTestData(fixture, Client);

    private OrderTestData Data { get; }

    [Fact]
    public async Task Placing_and_paying_an_order_records_who_did_it_from_where_in_the_chain()
    {
        var order = await Data.PendingOrderAsync();
        order = await Data.PayAsync(order);

        var paid = await Client.SingleEntryAsync("order.paid", AuditResources.Order, order.Id.ToString());
        Assert.Equal(AuditOutcomes.Succeeded, paid.Outcome);
        Assert.NotEqual("anonymous", paid.Actor);
        Assert.NotEqual(AuditContext.SystemActor, paid.Actor);
        Assert.False(string.IsNullOrEmpty(paid.TraceId));
        Assert.Contains("\"amount\"", paid.Changes, StringComparison.Ordinal);
        var placed = await Client.SingleEntryAsync("order.placed", AuditResources.Order, order.Id.ToString());
        Assert.True(placed.Sequence < paid.Sequence);
        Assert.Equal(paid.Actor, placed.Actor);
        Assert.Matches("^[0-9a-f]{64}$", paid.Hash);

        var verification = await Client.VerificationAsync();
        Assert.True(verification.Intact, verification.FirstBreak?.Detail);
        Assert.Null(verification.FirstBreak);
    }

    [Fact]
    public async Task Shipping_refunding_and_adjusting_stock_are_recorded_on_their_resources()
    {
        var order = await Data.PayAsync(await Data.PendingOrderAsync());
        order = await Data.ShipAsync(order, 0, 1);
        await Data.RefundAsync(order, 100);
        var productId = order.Lines[0].ProductId;
        await (await Client.SendPostAsync($"/api/v1/products/{productId}/stock-adjustments", new { kind = "adjustment", quantity = -1, reason = "Broken in the warehouse" }))
            .JsonAsync(HttpStatusCode.Created);

        var orderEntries = await Client.EntriesAsync($"resourceType=order&resourceId={order.Id}");
        Assert.Equal(["order.refunded", "order.shipped", "order.paid", "order.placed"], orderEntries.Select(e => e.Action));
        // Newest first: the adjustment, then the new product's initial stock.
        var adjusted = (await Client.EntriesAsync($"action={AuditActions.StockAdjusted}&resourceType=product&resourceId={productId}"))[0];
        Assert.Contains("\"quantity\":{\"after\":-1}", adjusted.Changes, StringComparison.Ordinal);
        // Free text stays on its resource: the entry says a reason was given, not what it says.
        Assert.Contains("\"reason\":{\"after\":\"***\"}", adjusted.Changes, StringComparison.Ordinal);
        Assert.DoesNotContain("Broken in the warehouse", adjusted.Changes, StringComparison.Ordinal);
        Assert.Contains("\"reason\":{\"after\":\"***\"}", orderEntries[0].Changes, StringComparison.Ordinal);
        Assert.Contains("\"amount\":{\"after\":\"100\"}", orderEntries[0].Changes, StringComparison.Ordinal);
        Assert.Contains("\"externalReference\":{\"after\":\"***\"}", orderEntries[2].Changes, StringComparison.Ordinal);
        Assert.Contains("\"trackingNumber\":{\"after\":\"***\"}", orderEntries[1].Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_contact_details_in_clear_is_tracked_and_a_masked_read_is_not()
    {
        var customerId = await Data.CustomerAsync();
        await Data.CustomerAsync(); // the list shows more than one customer whichever tests ran before, so it is a list read
        var (warehouse, warehouseId) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Warehouse]);
        var (support, supportId) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Support]);

        (await warehouse.GetAsync($"/api/v1/customers/{customerId}", Cancellation)).EnsureSuccessStatusCode();
        (await support.GetAsync($"/api/v1/customers/{customerId}", Cancellation)).EnsureSuccessStatusCode();
        (await support.GetAsync("/api/v1/customers?limit=5", Cancellation)).EnsureSuccessStatusCode();

        Assert.DoesNotContain(await Client.EntriesAsync($"actor={warehouseId}"), e => e.ResourceType == AuditResources.Customer);
        var read = await Client.SingleEntryAsync(AuditActions.CustomerContactDetailsRead, AuditResources.Customer, customerId.ToString());
        Assert.Equal(supportId.ToString(), read.Actor);
        var listed = Assert.Single(await Client.EntriesAsync($"actor={supportId}&action={AuditActions.CustomerListRead}"));
        Assert.DoesNotContain("@", listed.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_is_recorded_with_the_names_of_its_filters_only()
    {
        (await Client.GetAsync("/api/v1/orders/export?q=ORD-000001", Cancellation)).EnsureSuccessStatusCode();

        var export = (await Client.EntriesAsync($"action={AuditActions.OrdersExported}&limit=1"))[0];
        Assert.Equal("""{"filters":{"after":["q"]}}""", export.Changes);
    }

    [Fact]
    public async Task The_list_filters_by_actor_action_resource_and_time_and_pages_newest_first()
    {
        var before = DateTimeOffset.UtcNow;
        var first = await Data.PendingOrderAsync();
        var second = await Data.PendingOrderAsync();
        var after = DateTimeOffset.UtcNow.AddMilliseconds(1);
        var range = $"from={Uri.EscapeDataString(before.ToString("O"))}&to={Uri.EscapeDataString(after.ToString("O"))}";

        var placed = await Client.EntriesAsync($"action=order.placed&{range}");
        Assert.Equal([second.Id.ToString(), first.Id.ToString()], placed.Select(e => e.ResourceId));
        Assert.Empty(await Client.EntriesAsync($"action=order.placed&from={Uri.EscapeDataString(after.ToString("O"))}"));
        Assert.All(await Client.EntriesAsync($"actor={placed[0].Actor}&limit=10"), e => Assert.Equal(placed[0].Actor, e.Actor));

        using var firstPage = await Client.GetAsync($"/api/v1/audit?action=order.placed&{range}&limit=1", Cancellation);
        var page = await firstPage.ReadAsync<Page<AuditEntryResponse>>(HttpStatusCode.OK);
        Assert.True(page.HasMore);
        using var nextPage = await Client.GetAsync($"/api/v1/audit?action=order.placed&{range}&limit=1&cursor={Uri.EscapeDataString(page.NextCursor!)}", Cancellation);
        var next = await nextPage.ReadAsync<Page<AuditEntryResponse>>(HttpStatusCode.OK);
        Assert.Equal(first.Id.ToString(), Assert.Single(next.Data).ResourceId);
    }

    [Theory]
    [InlineData("action=order.teleported", "action")]
    [InlineData("resourceId=abc", "resourceId")]
    [InlineData("from=yesterday", "from")]
    [InlineData("colour=blue", "colour")]
    public async Task A_bad_filter_answers_400_naming_it(string query, string parameter)
    {
        using var response = await Client.GetAsync($"/api/v1/audit?{query}", Cancellation);

        var problem = await response.ReadAsync<Problem>(HttpStatusCode.BadRequest);
        Assert.Contains(parameter, problem.Errors!.Keys);
    }

    [Fact]
    public async Task Reading_the_trail_and_verifying_it_need_audit_read()
    {
        var (support, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Support]);
        var (manager, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Manager]);

        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync("/api/v1/audit", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync("/api/v1/audit/verification", Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/v1/audit", Cancellation)).StatusCode);
    }

    [Fact]
    public void Personal_data_and_secrets_are_masked_in_the_changes()
    {
        var json = AuditChanges.Create()
            .Field("email", "ada@example.com", "ada@example.org")
            .Field("phone", null, "+44 20 7946 0000")
            .Value("clientSecret", "s3cr3t")
            .Field("status", "pending", "open")
            .ToJson();

        Assert.Equal(
            """{"email":{"before":"***","after":"***"},"phone":{"after":"***"},"clientSecret":{"after":"***"},"status":{"before":"pending","after":"open"}}""",
            json);
    }
}

public sealed class AuditTrailOnSqlite(SqliteApiFixture fixture) : AuditTrailTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class AuditTrailOnPostgres(PostgresApiFixture fixture) : AuditTrailTests(fixture), IClassFixture<PostgresApiFixture>;
