using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

/// <summary>
/// Money and stock rules with small, known limits: two open unpaid orders per customer, five units per line, and
/// per-currency terms for EUR (exponent 2) and JPY (exponent 0), so each rule can be reached in a few requests.
/// </summary>
public static class OrderRuleSettings
{
    public const long EurShippingFee = 495;
    public const long EurFreeShippingFrom = 5_000;
    public const long EurMaxReservedValue = 100_000;
    public const long EurRefundLimit = 10_000;
    public const long JpyShippingFee = 800;
    public const long JpyRefundLimit = 15_000;

    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["Orders:MaxOpenUnpaidOrders"] = "2",
        ["Orders:MaxUnitsPerLine"] = "5",
        ["Orders:Currencies:EUR:ShippingFee"] = $"{EurShippingFee}",
        ["Orders:Currencies:EUR:FreeShippingFrom"] = $"{EurFreeShippingFrom}",
        ["Orders:Currencies:EUR:MaxReservedValue"] = $"{EurMaxReservedValue}",
        ["Orders:Currencies:EUR:RefundLimit"] = $"{EurRefundLimit}",
        ["Orders:Currencies:JPY:ShippingFee"] = $"{JpyShippingFee}",
        ["Orders:Currencies:JPY:MaxReservedValue"] = "10000000",
        ["Orders:Currencies:JPY:RefundLimit"] = $"{JpyRefundLimit}",
    };
}

public sealed class OrderRulesSqliteFixture : SqliteApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => OrderRuleSettings.Values;
}

public sealed class OrderRulesPostgresFixture : PostgresApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => OrderRuleSettings.Values;
}

/// <summary>Arrangements for the rule suites: customers, products and orders through the API, answers read as typed records.</summary>
public sealed class OrderRuleData(ApiFixture fixture, HttpClient admin)
{
    private readonly OrderTestData _data = new(fixture, admin);

    public HttpClient Admin => admin;

    public Task<Guid> CustomerAsync() => _data.CustomerAsync();

    public Task<(Guid Id, string Sku)> ProductAsync(int stock, long price = 1_000, string currency = "EUR") =>
        _data.ProductAsync(stock, price, currency);

    public async Task<(HttpClient Client, Guid CustomerId)> ShopperAsync()
    {
        var customerId = await CustomerAsync();
        var (client, _) = await fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Customer], customerId);
        return (client, customerId);
    }

    public async Task<(HttpClient Client, Guid UserId)> StaffAsync(string role) =>
        await fixture.Factory.CreateClientWithRolesAsync([role]);

    /// <summary>An order of one product at <paramref name="price"/>, placed by the administrator for a new customer.</summary>
    public async Task<OrderResponse> PlacedAsync(long price, int quantity = 1, string currency = "EUR", long? shippingFee = null)
    {
        var customer = await CustomerAsync();
        var product = await ProductAsync(stock: 100, price, currency);
        return await (await admin.PlaceOrderAsync(customer, currency, shippingFee, (product.Id, quantity))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
    }

    public async Task<OrderResponse> PaidAsync(long price, int quantity = 1, string currency = "EUR", long? shippingFee = null) =>
        await PayAsync(await PlacedAsync(price, quantity, currency, shippingFee));

    public async Task<OrderResponse> PayAsync(OrderResponse order) =>
        await (await admin.PayOrderAsync(order)).ReadAsync<OrderResponse>(HttpStatusCode.OK);

    public async Task<OrderResponse> GetAsync(OrderResponse order) =>
        await (await admin.GetAsync($"/api/v1/orders/{order.Id}", TestContext.Current.CancellationToken)).ReadAsync<OrderResponse>(HttpStatusCode.OK);

    public async Task<Ordo.Api.Features.Products.ProductResponse> ProductByIdAsync(Guid id) =>
        await (await admin.GetAsync($"/api/v1/products/{id}", TestContext.Current.CancellationToken))
            .ReadAsync<Ordo.Api.Features.Products.ProductResponse>(HttpStatusCode.OK);

    public async Task<IReadOnlyList<OrderEventResponse>> EventsAsync(OrderResponse order)
    {
        var page = await (await admin.GetAsync($"/api/v1/orders/{order.Id}/events?limit=100", TestContext.Current.CancellationToken))
            .ReadAsync<Page<OrderEventResponse>>(HttpStatusCode.OK);
        return page.Data;
    }

    /// <summary>Authorization denials logged for this user so far.</summary>
    public IReadOnlyList<FakeLogRecord> DenialsOf(Guid userId) =>
        [.. fixture.Factory.Services.GetRequiredService<FakeLogCollector>().GetSnapshot()
            .Where(record => record.Category == AuthorizationLog.Category && record.GetStructuredStateValue("SubjectId") == userId.ToString())];

    /// <summary>Moves the order's placement and its payment deadline back by <paramref name="age"/>, as if it had been placed that long ago.</summary>
    public async Task BackdateAsync(OrderResponse order, TimeSpan age)
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var placedAt = order.CreatedAt - age;
        var dueAt = order.PaymentDueAt - age;
        await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(
            set => set.SetProperty(o => o.CreatedAt, placedAt).SetProperty(o => o.PaymentDueAt, dueAt), TestContext.Current.CancellationToken);
    }

    /// <summary>Moves only the placement time back, leaving the order's payment deadline where it was.</summary>
    public async Task BackdatePlacementOnlyAsync(OrderResponse order, TimeSpan age)
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var placedAt = DateTimeOffset.UtcNow - age;
        await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(set => set.SetProperty(o => o.CreatedAt, placedAt), TestContext.Current.CancellationToken);
    }

    public static string Url(OrderResponse order, string action) => $"/api/v1/orders/{order.Id}/{action}";
}

/// <summary>The order requests of the rule suites, sent as the given caller.</summary>
public static class OrderRequests
{
    /// <summary>Places an order as <paramref name="client"/>; <paramref name="shippingFee"/> null leaves the fee to the server.</summary>
    public static Task<HttpResponseMessage> PlaceOrderAsync(
        this HttpClient client, Guid customerId, string? currency, long? shippingFee, params (Guid ProductId, int Quantity)[] lines)
    {
        var body = new Dictionary<string, object?>
        {
            ["customerId"] = customerId,
            ["lines"] = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }).ToArray(),
        };
        if (currency is not null)
        {
            body["currency"] = currency;
        }

        if (shippingFee is { } fee)
        {
            body["shippingFee"] = new { amount = fee, currency };
        }

        return client.SendPostAsync("/api/v1/orders", body);
    }

    public static Task<HttpResponseMessage> PayOrderAsync(this HttpClient client, OrderResponse order) =>
        client.SendPostAsync(OrderRuleData.Url(order, "payment"), new { amount = order.Total, externalReference = "psp_" + Guid.NewGuid().ToString("N") }, idempotencyKey: Guid.NewGuid().ToString());

    public static Task<HttpResponseMessage> RefundOrderAsync(this HttpClient client, OrderResponse order, long amount) =>
        client.SendPostAsync(OrderRuleData.Url(order, "refunds"), new { amount = new { amount, currency = order.Currency }, reason = "goodwill" }, idempotencyKey: Guid.NewGuid().ToString());

    public static Task<HttpResponseMessage> CancelOrderAsync(this HttpClient client, OrderResponse order) =>
        client.SendPostAsync(OrderRuleData.Url(order, "cancel"), new { });

    public static Task<HttpResponseMessage> ShipOrderAsync(this HttpClient client, OrderResponse order, int quantity = 1) =>
        client.SendPostAsync(OrderRuleData.Url(order, "shipments"), new
        {
            carrier = "DHL",
            trackingNumber = "TRK" + Guid.NewGuid().ToString("N")[..10],
            lines = new[] { new { orderLineId = order.Lines[0].Id, quantity } },
        });
}
