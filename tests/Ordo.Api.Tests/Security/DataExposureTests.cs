using System.Net;
using System.Text.Json;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Administration;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Security;

/// <summary>What a caller sees of data that is not theirs to see: contact details found by search, and the shop's internal order fields.</summary>
public abstract class DataExposureTests(ApiFixture fixture) : ProviderTests(fixture)
{
    private OrderTestData Data => new(Fixture, Client);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
    }

    private async Task<(CustomerResponse Customer, OrderResponse Order)> CustomerWithOrderAsync()
    {
        var customer = await ReadAsync<CustomerResponse>(
            await Client.SendPostAsync("/api/v1/customers", new { name = "Ada Buyer", email = $"ada-{Guid.NewGuid():N}@example.com" }),
            HttpStatusCode.Created);
        var product = await Data.ProductAsync(stock: 10);
        var order = await ReadAsync<OrderResponse>(await Data.PlaceAsync(customer.Id, (product.Id, 1)), HttpStatusCode.Created);
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
        var byNumber = await ReadAsync<Page<OrderSummaryResponse>>(await warehouse.GetAsync($"/api/v1/orders?q={order.Number}", Cancellation), HttpStatusCode.OK);
        Assert.Equal(order.Id, Assert.Single(byNumber.Data).Id);

        var found = await ReadAsync<Page<OrderSummaryResponse>>(await support.GetAsync(byEmail, Cancellation), HttpStatusCode.OK);
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
}

public sealed class DataExposureOnSqlite(SqliteApiFixture fixture) : DataExposureTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class DataExposureOnPostgres(PostgresApiFixture fixture) : DataExposureTests(fixture), IClassFixture<PostgresApiFixture>;
