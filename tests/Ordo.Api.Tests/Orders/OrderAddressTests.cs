using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Administration;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

/// <summary>
/// An order keeps a copy of where it ships and bills to, sent inline or chosen from the customer's saved addresses;
/// stored encrypted, shown to those who fulfil orders or see personal data, masked for other staff.
/// </summary>
public abstract class OrderAddressTests : ProviderTests
{
    private static readonly object Home = new { line1 = "12 St James's Square", city = "London", postalCode = "SW1Y 4LB", countryCode = "GB" };
    private static readonly object Office = new { line1 = "1 Infinite Loop", line2 = "Floor 3", city = "Cupertino", postalCode = "95014", region = "CA", countryCode = "US" };

    // The addresses as the API writes them: every field, absent ones null (the strict read refuses a missing member).
    private static readonly AddressResponse HomeWritten = new("12 St James's Square", null, "London", "SW1Y 4LB", null, "GB");
    private static readonly AddressResponse OfficeWritten = new("1 Infinite Loop", "Floor 3", "Cupertino", "95014", "CA", "US");
    private static readonly AddressResponse OfficeMasked = new("***", null, "Cupertino", "***", "CA", "US");

    protected OrderAddressTests(ApiFixture fixture) : base(fixture) => Data = new OrderTestData(fixture, Client);

    private OrderTestData Data { get; }

    private async Task<(Guid Id, string ETag)> CustomerWithAddressesAsync(params object[] addresses)
    {
        var response = await Client.SendPostAsync("/api/v1/customers", new { name = "Ada", email = $"ada-{Guid.NewGuid():N}@example.com", addresses });
        var customer = await response.ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        return (customer.Id, response.ETag());
    }

    private async Task<HttpResponseMessage> PlaceAsync(Guid customerId, Guid productId, object addresses)
    {
        var body = JsonSerializer.SerializeToNode(addresses, JsonSerializerOptions.Web)!.AsObject();
        body["customerId"] = customerId;
        body["lines"] = JsonSerializer.SerializeToNode(new[] { new { productId, quantity = 1 } }, JsonSerializerOptions.Web);
        return await Client.SendPostAsync("/api/v1/orders", HttpJson.Body(body.ToJsonString()));
    }

    [Fact]
    public async Task An_order_keeps_the_addresses_it_was_placed_with_inline_or_saved_when_the_customer_changes_theirs()
    {
        var (customerId, etag) = await CustomerWithAddressesAsync(Home, Office);
        var product = await Data.ProductAsync(stock: 10);

        using var placing = await PlaceAsync(customerId, product.Id, new { shippingAddress = Office, billingAddressIndex = 0 });
        var placed = await placing.ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var bySaved = await (await PlaceAsync(customerId, product.Id, new { shippingAddressIndex = 1 })).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        await (await Client.PatchAsync($"/api/v1/customers/{customerId}", """{"addresses":[]}""", etag)).ReadAsync<CustomerResponse>(HttpStatusCode.OK);

        using var reading = await Client.GetAsync($"/api/v1/orders/{placed.Id}", Cancellation);
        var read = await reading.ReadAsync<OrderResponse>(HttpStatusCode.OK);
        Assert.Equal(OfficeWritten, read.ShippingAddress);
        Assert.Equal(HomeWritten, read.BillingAddress);
        Assert.Equal(await placing.Content.ReadAsStringAsync(Cancellation), await reading.Content.ReadAsStringAsync(Cancellation));
        // Billing defaults to the shipping address.
        Assert.Equal(OfficeWritten, bySaved.ShippingAddress);
        Assert.Equal(OfficeWritten, bySaved.BillingAddress);
    }

    [Fact]
    public async Task An_order_placed_without_addresses_has_none()
    {
        var order = await (await Data.PlaceAsync(await Data.CustomerAsync(), ((await Data.ProductAsync(stock: 10)).Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        // Null, not absent: the strict read refuses a missing member.
        Assert.Null(order.ShippingAddress);
        Assert.Null(order.BillingAddress);
    }

    [Fact]
    public async Task Addresses_are_stored_encrypted()
    {
        var (customerId, _) = await CustomerWithAddressesAsync();
        var product = await Data.ProductAsync(stock: 10);
        var order = await (await PlaceAsync(customerId, product.Id, new { shippingAddress = Office })).ReadAsync<OrderResponse>(HttpStatusCode.Created);

        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var stored = await RawAsync(db, order.Id);

        Assert.Equal(2, stored.Count);
        Assert.All(stored, column => Assert.DoesNotContain("Infinite Loop", column, StringComparison.Ordinal));
        Assert.All(stored, column => Assert.DoesNotContain("Cupertino", column, StringComparison.Ordinal));
    }

    private static async Task<List<string>> RawAsync(OrdoDbContext db, Guid id) =>
    [
        .. await db.Database.SqlQuery<string>($"SELECT shipping_address_encrypted AS \"Value\" FROM orders WHERE id = {id}").ToListAsync(Cancellation),
        .. await db.Database.SqlQuery<string>($"SELECT billing_address_encrypted AS \"Value\" FROM orders WHERE id = {id}").ToListAsync(Cancellation),
    ];

    [Fact]
    public async Task Those_who_fulfil_or_see_personal_data_read_the_addresses_and_other_staff_see_them_masked()
    {
        var (customerId, _) = await CustomerWithAddressesAsync();
        var product = await Data.ProductAsync(stock: 10);
        var order = await (await PlaceAsync(customerId, product.Id, new { shippingAddress = Office })).ReadAsync<OrderResponse>(HttpStatusCode.Created);
        var url = $"/api/v1/orders/{order.Id}";
        var (_, readerRole) = await AdminTestSupport.CreateRoleAsync(Client, Permissions.OrdersRead);
        var (reader, _) = await Fixture.Factory.CreateClientWithRolesAsync([readerRole]);
        var (warehouse, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Warehouse]);
        var (support, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Support]);

        async Task<AddressResponse?> ShippingAddressSeenBy(HttpClient client) =>
            (await (await client.GetAsync(url, Cancellation)).ReadAsync<OrderResponse>(HttpStatusCode.OK)).ShippingAddress;

        Assert.Equal(OfficeWritten, await ShippingAddressSeenBy(warehouse));
        Assert.Equal(OfficeWritten, await ShippingAddressSeenBy(support));
        Assert.Equal(OfficeMasked, await ShippingAddressSeenBy(reader));

        // The answer to a change is the same projection as a read.
        var (_, taggerRole) = await AdminTestSupport.CreateRoleAsync(Client, Permissions.OrdersRead, Permissions.OrdersCreate);
        var (tagger, _) = await Fixture.Factory.CreateClientWithRolesAsync([taggerRole]);
        var etag = (await tagger.GetAsync(url, Cancellation)).ETag();
        var tagged = await (await tagger.PatchAsync(url, """{"metadata":{"k":"v"}}""", etag)).ReadAsync<OrderResponse>(HttpStatusCode.OK);
        Assert.Equal(OfficeMasked, tagged.ShippingAddress);
    }

    [Fact]
    public async Task The_customer_reads_the_addresses_of_their_own_order()
    {
        var (customerId, _) = await CustomerWithAddressesAsync(Home);
        var product = await Data.ProductAsync(stock: 10);
        var (shopper, _) = await Fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Customer], customerId);

        var placed = await shopper.SendPostAsync("/api/v1/orders", new { customerId, lines = new[] { new { productId = product.Id, quantity = 1 } }, shippingAddressIndex = 0 });

        Assert.Equal(HomeWritten, (await placed.ReadAsync<OrderResponse>(HttpStatusCode.Created)).ShippingAddress);
    }

    [Fact]
    public async Task Choosing_a_saved_address_takes_seeing_the_customers_contact_details()
    {
        var (customerId, _) = await CustomerWithAddressesAsync(Home);
        var product = await Data.ProductAsync(stock: 10);
        // Fulfilment shows an order's addresses in clear, so placing by index would read the saved ones back.
        var (_, fulfilment) = await AdminTestSupport.CreateRoleAsync(Client, Permissions.OrdersCreate, Permissions.OrdersRead, Permissions.OrdersFulfil);
        var (integration, _) = await Fixture.Factory.CreateClientWithRolesAsync([fulfilment]);

        var bySaved = await integration.SendPostAsync("/api/v1/orders", new { customerId, lines = new[] { new { productId = product.Id, quantity = 1 } }, shippingAddressIndex = 0 });
        var inline = await integration.SendPostAsync("/api/v1/orders", new { customerId, lines = new[] { new { productId = product.Id, quantity = 1 } }, shippingAddress = Office });

        await bySaved.AssertProblemAsync(HttpStatusCode.Forbidden, "contact_details_hidden");
        Assert.Equal(OfficeWritten, (await inline.ReadAsync<OrderResponse>(HttpStatusCode.Created)).ShippingAddress);
    }

    [Theory]
    [InlineData("""{"shippingAddressIndex":2}""", "invalid_address_index", "shippingAddressIndex")]
    [InlineData("""{"billingAddressIndex":5}""", "invalid_address_index", "billingAddressIndex")]
    [InlineData("""{"shippingAddress":{"line1":"x","city":"y","postalCode":"1","countryCode":"GBR"}}""", "invalid_country_code", "shippingAddress.country_code")]
    [InlineData("""{"billingAddress":{"line1":" ","city":"y","postalCode":"1","countryCode":"GB"}}""", "invalid_line1", "billingAddress.line1")]
    [InlineData("""{"shippingAddressIndex":0,"shippingAddress":{"line1":"x","city":"y","postalCode":"1","countryCode":"GB"}}""", "validation_failed", "$.shippingAddressIndex")]
    public async Task A_bad_address_or_index_is_a_400_naming_the_field_and_reserves_nothing(string addresses, string code, string field)
    {
        var (customerId, _) = await CustomerWithAddressesAsync(Home, Office);
        var product = await Data.ProductAsync(stock: 10);

        var response = await PlaceAsync(customerId, product.Id, JsonDocument.Parse(addresses).RootElement);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, code);
        Assert.True(
            problem.Extensions.ContainsKey("field") ? problem.Extension<string>("field") == field : problem.HasError(field),
            problem.ToString());
        Assert.Equal(0, (await Data.ProductByIdAsync(product.Id)).StockReserved);
    }
}

public sealed class OrderAddressesOnSqlite(SqliteApiFixture fixture) : OrderAddressTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class OrderAddressesOnPostgres(PostgresApiFixture fixture) : OrderAddressTests(fixture), IClassFixture<PostgresApiFixture>;
