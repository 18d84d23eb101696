using System.Net;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Orders;

/// <summary>An integrator's own key-value pairs on orders: set on placement and by merge patch, found by one key.</summary>
public abstract class OrderMetadataTests : ProviderTests
{
    protected OrderMetadataTests(ApiFixture fixture) : base(fixture) => Data = new OrderTestData(fixture, Client);

    private OrderTestData Data { get; }

    private async Task<HttpResponseMessage> PlaceAsync(HttpClient client, Guid customerId, object? metadata)
    {
        var product = await Data.ProductAsync(stock: 10);
        return await client.SendPostAsync("/api/v1/orders", new { customerId, lines = new[] { new { productId = product.Id, quantity = 1 } }, metadata });
    }

    [Fact]
    public async Task Metadata_set_on_placement_is_read_back_found_by_one_key_and_changed_by_merge_patch()
    {
        var erpId = "SO-" + Guid.NewGuid().ToString("N")[..8];
        var customer = await Data.CustomerAsync();
        var placedResponse = await PlaceAsync(Client, customer, new Dictionary<string, string> { ["erpOrderId"] = erpId, ["channel"] = "web" });
        var placed = await placedResponse.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        await (await PlaceAsync(Client, customer, new Dictionary<string, string> { ["erpOrderId"] = erpId + "-other" })).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var url = $"/api/v1/orders/{placed.Id}";

        var found = await (await Client.GetAsync($"/api/v1/orders?metadata[erpOrderId]={erpId}", Cancellation)).ReadAsync<Page<OrderSummaryResponse>>(HttpStatusCode.OK);
        var patched = await Client.PatchAsync(url, """{"metadata":{"channel":null,"warehouse":"B2"}}""", placedResponse.ETag());
        var after = await patched.ReadAsync<OrderResponse>(HttpStatusCode.OK);
        using var read = await Client.GetAsync(url, Cancellation);
        await read.ReadAsync<OrderResponse>(HttpStatusCode.OK);

        Assert.Equal(new Dictionary<string, string> { ["erpOrderId"] = erpId, ["channel"] = "web" }, placed.Metadata);
        Assert.Equal([placed.Id], found.Data.Select(o => o.Id));
        Assert.Equal(new Dictionary<string, string> { ["erpOrderId"] = erpId, ["warehouse"] = "B2" }, after.Metadata);
        Assert.Equal(await patched.Content.ReadAsStringAsync(Cancellation), await read.Content.ReadAsStringAsync(Cancellation));
        Assert.NotEqual(placedResponse.ETag(), patched.ETag());
        Assert.True(after.UpdatedAt > placed.UpdatedAt);
        var timeline = await (await Client.GetAsync(url + "/events", Cancellation)).ReadAsync<Page<OrderEventResponse>>(HttpStatusCode.OK);
        Assert.Equal(["order.placed", "order.metadata_changed"], timeline.Data.Select(e => e.Type));
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_leaves_the_order_as_it_was()
    {
        var placedResponse = await PlaceAsync(Client, await Data.CustomerAsync(), new Dictionary<string, string> { ["k"] = "v" });
        var placed = await placedResponse.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var url = $"/api/v1/orders/{placed.Id}";

        var same = await Client.PatchAsync(url, """{"metadata":{"k":"v","gone":null}}""", placedResponse.ETag());

        await same.ReadAsync<OrderResponse>(HttpStatusCode.OK);
        Assert.Equal(await placedResponse.Content.ReadAsStringAsync(Cancellation), await same.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(placedResponse.ETag(), same.ETag());
    }

    [Fact]
    public async Task A_null_metadata_removes_every_key_and_the_patch_needs_the_current_etag()
    {
        var placedResponse = await PlaceAsync(Client, await Data.CustomerAsync(), new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var url = $"/api/v1/orders/{(await placedResponse.ReadAsync<OrderResponse>(HttpStatusCode.Created)).Id}";

        var withoutEtag = await Client.PatchAsync(url, """{"metadata":null}""", null);
        var cleared = await Client.PatchAsync(url, """{"metadata":null}""", placedResponse.ETag());
        var stale = await Client.PatchAsync(url, """{"metadata":{"c":"3"}}""", placedResponse.ETag());

        await withoutEtag.AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");
        Assert.Empty((await cleared.ReadAsync<OrderResponse>(HttpStatusCode.OK)).Metadata);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Theory]
    [InlineData("""{"metadata":{"has space":"x"}}""", "invalid_metadata_key")]
    [InlineData("""{"metadata":{"erp\n":"x"}}""", "invalid_metadata_key")]
    [InlineData("""{"metadata":{"k":7}}""", "validation_failed")]
    [InlineData("""{"metadata":["k"]}""", "validation_failed")]
    [InlineData("""{"status":"cancelled"}""", "validation_failed")]
    public async Task A_bad_patch_is_a_400_and_changes_nothing(string patch, string code)
    {
        var placedResponse = await PlaceAsync(Client, await Data.CustomerAsync(), new Dictionary<string, string> { ["k"] = "v" });
        var url = $"/api/v1/orders/{(await placedResponse.ReadAsync<OrderResponse>(HttpStatusCode.Created)).Id}";

        var response = await Client.PatchAsync(url, patch, placedResponse.ETag());

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        var read = await Client.GetAsync(url, Cancellation);
        Assert.Equal(placedResponse.ETag(), read.ETag());
    }

    [Fact]
    public async Task Placement_refuses_metadata_beyond_the_limits()
    {
        var customer = await Data.CustomerAsync();

        var tooMany = await PlaceAsync(Client, customer, Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v"));
        var longKey = await PlaceAsync(Client, customer, new Dictionary<string, string> { [new string('k', 41)] = "v" });
        var longValue = await PlaceAsync(Client, customer, new Dictionary<string, string> { ["k"] = new string('v', 501) });
        var atLimits = await PlaceAsync(Client, customer, Enumerable.Range(0, 50).ToDictionary(i => $"{i}".PadLeft(40, 'k'), i => new string('v', 500)));

        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_metadata");
        await longKey.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_metadata_key");
        await longValue.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_metadata_value");
        Assert.Equal(50, (await atLimits.ReadAsync<OrderResponse>(HttpStatusCode.Created)).Metadata.Count);
    }

    [Fact]
    public async Task Customers_read_metadata_but_may_not_set_it()
    {
        var customer = await Data.CustomerAsync();
        var (shopper, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Customer], customer);
        var placedByStaff = await PlaceAsync(Client, customer, new Dictionary<string, string> { ["erpOrderId"] = "SO-1" });
        var order = await placedByStaff.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var url = $"/api/v1/orders/{order.Id}";

        var placedByShopper = await PlaceAsync(shopper, customer, new Dictionary<string, string> { ["mine"] = "x" });
        var patchedByShopper = await shopper.PatchAsync(url, """{"metadata":{"erpOrderId":"SO-2"}}""", placedByStaff.ETag());
        var seen = await (await shopper.GetAsync(url, Cancellation)).ReadAsync<OrderResponse>(HttpStatusCode.OK);

        await placedByShopper.AssertProblemAsync(HttpStatusCode.Forbidden, "metadata_not_allowed");
        await patchedByShopper.AssertProblemAsync(HttpStatusCode.Forbidden, "metadata_not_allowed");
        Assert.Equal(new Dictionary<string, string> { ["erpOrderId"] = "SO-1" }, seen.Metadata);
    }

    [Theory]
    [InlineData("metadata[a]=1&metadata[b]=2")]
    [InlineData("metadata[has%20space]=1")]
    [InlineData("metadata[erp%0A]=1")]
    [InlineData("metadata[a]=")]
    public async Task A_metadata_filter_takes_one_valid_key_with_a_value(string query)
    {
        var response = await Client.GetAsync($"/api/v1/orders?{query}", Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}

public sealed class OrderMetadataOnSqlite(SqliteApiFixture fixture) : OrderMetadataTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class OrderMetadataOnPostgres(PostgresApiFixture fixture) : OrderMetadataTests(fixture), IClassFixture<PostgresApiFixture>;
