using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ordo.Api.Features.Orders;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

/// <summary>
/// The use cases refuse on their own, without the REST adapter in front of them: a second transport (GraphQL, gRPC)
/// that calls <c>ExecuteAsync</c> gets the same refusals as REST (ADR 18).
/// </summary>
public sealed class OrderUseCaseTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    private static CallerAccess ACustomer(Guid customerId) =>
        new(CallerKind.Customer, "customer-sub", customerId, new HashSet<string>(StringComparer.Ordinal) { Permissions.OrdersCreate });

    [Fact]
    public async Task Placing_an_order_refuses_a_customers_metadata_and_a_malformed_request_without_the_adapter()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var customerId = Guid.NewGuid();
        var line = new PlaceOrderLine(Guid.NewGuid(), 1);

        var withMetadata = await PlaceAsync(services, new PlaceOrderRequest(customerId, [line], Metadata: new Dictionary<string, string> { ["k"] = "v" }), customerId);
        var withoutLines = await PlaceAsync(services, new PlaceOrderRequest(customerId, []), customerId);
        var withNullLine = await PlaceAsync(services, new PlaceOrderRequest(customerId, [null!]), customerId);

        Assert.Equal("metadata_not_allowed", withMetadata.Error?.Code);
        Assert.Equal("validation_failed", withoutLines.Error?.Code);
        Assert.Equal("validation_failed", withNullLine.Error?.Code);
    }

    [Fact]
    public async Task Changing_an_orders_metadata_is_refused_to_a_customer_without_the_adapter()
    {
        var order = await new OrderTestData(Fixture, Client).PendingOrderAsync();
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var loaded = (await db.FindOrderAsync(order.Id, Cancellation))!;

        var result = await UpdateOrder.ExecuteAsync(
            loaded, [KeyValuePair.Create("k", (string?)"v")], ACustomer(order.CustomerId), db, TimeProvider.System, Cancellation);

        Assert.Equal("metadata_not_allowed", result.Error?.Code);
    }

    [Fact]
    public async Task Shipping_refuses_a_missing_line_list_a_null_line_and_too_many_lines_without_the_adapter()
    {
        var data = new OrderTestData(Fixture, Client);
        var order = await data.PayAsync(await data.PendingOrderAsync());
        var line = new ShipOrderLine(order.Lines[0].Id, 1);
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var loaded = (await db.FindOrderAsync(order.Id, Cancellation))!;
        var staff = new CallerAccess(CallerKind.Staff, "staff-sub", null, new HashSet<string>(StringComparer.Ordinal) { Permissions.OrdersFulfil });

        var withNullLine = await ShipOrder.ExecuteAsync(loaded, new ShipOrderRequest("DHL", "T1", [line, null!]), staff, db, TimeProvider.System, Cancellation);
        var withTooManyLines = await ShipOrder.ExecuteAsync(
            loaded, new ShipOrderRequest("DHL", "T1", [.. Enumerable.Repeat(line, PlaceOrder.MaxLines + 1)]), staff, db, TimeProvider.System, Cancellation);

        Assert.Equal("validation_failed", withNullLine.Error?.Code);
        Assert.Equal(["$.lines[1]"], ((Dictionary<string, string[]>)withNullLine.Error!.Details["errors"]!).Keys);
        Assert.Equal("validation_failed", withTooManyLines.Error?.Code);
        Assert.Equal("validation_failed", (await ShipOrder.ExecuteAsync(loaded, new ShipOrderRequest("DHL", "T1", null!), staff, db, TimeProvider.System, Cancellation)).Error?.Code);
        Assert.Empty(loaded.Shipments);
    }

    private static Task<Ordo.Domain.Common.Result<Order>> PlaceAsync(IServiceProvider services, PlaceOrderRequest request, Guid customerId) =>
        PlaceOrder.ExecuteAsync(
            request,
            ACustomer(customerId),
            services.GetRequiredService<OrdoDbContext>(),
            services.GetRequiredService<OrderPolicy>(),
            TimeProvider.System,
            services.GetRequiredService<ILoggerFactory>(),
            services.GetRequiredService<Ordo.Api.Infrastructure.Audit.AuditTrail>(),
            services.GetRequiredService<Ordo.Api.Infrastructure.Telemetry.OrdoMetrics>(),
            Cancellation);
}
