using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Domain.Customers;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

/// <summary>Arranges orders through the API (customers straight into the database, they are not under test here).</summary>
public sealed class OrderTestData(ApiFixture fixture, HttpClient client)
{
    public async Task<Guid> CustomerAsync()
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var email = Email.Create($"buyer-{Guid.NewGuid():N}@example.com").Value;
        var customer = Customer.Create("Ada Buyer", email, null, [], DateTimeOffset.UtcNow).Value;
        db.Customers.Add(customer);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return customer.Id;
    }

    public async Task<(Guid Id, string Sku)> ProductAsync(int stock, long price = 1000, string currency = "EUR")
    {
        var response = await client.SendPostAsync("/api/v1/products", new
        {
            sku = HttpJson.Unique("P"),
            name = "Thing",
            unitPrice = new { amount = price, currency },
            initialStock = stock,
        });
        var product = await response.JsonAsync(HttpStatusCode.Created);
        return (product.GetProperty("id").GetGuid(), product.GetProperty("sku").GetString()!);
    }

    public Task<HttpResponseMessage> PlaceAsync(Guid customerId, params (Guid ProductId, int Quantity)[] lines) =>
        client.SendPostAsync("/api/v1/orders", new
        {
            customerId,
            currency = "EUR",
            lines = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }),
            shippingFee = new { amount = 500, currency = "EUR" },
        });

    /// <summary>An order of 2 × product A and 1 × product B (1000 + 2000 each), shipping 500: total 4500.</summary>
    public async Task<JsonElement> PendingOrderAsync()
    {
        var customer = await CustomerAsync();
        var a = await ProductAsync(stock: 10, price: 1000);
        var b = await ProductAsync(stock: 10, price: 2000);
        return await (await PlaceAsync(customer, (a.Id, 2), (b.Id, 1))).JsonAsync(HttpStatusCode.Created);
    }

    public async Task<JsonElement> PayAsync(JsonElement order) =>
        await (await client.SendPostAsync(Url(order, "payment"), new
        {
            amount = order.GetProperty("total"),
            externalReference = "psp_" + Guid.NewGuid().ToString("N"),
        }, idempotencyKey: Guid.NewGuid().ToString())).JsonAsync(HttpStatusCode.OK);

    public async Task<JsonElement> ShipAsync(JsonElement order, int lineIndex, int quantity) =>
        await (await client.SendPostAsync(Url(order, "shipments"), new
        {
            carrier = "DHL",
            trackingNumber = "TRK" + Guid.NewGuid().ToString("N")[..10],
            lines = new[] { new { orderLineId = Line(order, lineIndex), quantity } },
        })).JsonAsync(HttpStatusCode.Created);

    public async Task<JsonElement> ShipEverythingAsync(JsonElement order) =>
        await (await client.SendPostAsync(Url(order, "shipments"), new
        {
            carrier = "DHL",
            trackingNumber = "TRK" + Guid.NewGuid().ToString("N")[..10],
            lines = order.GetProperty("lines").EnumerateArray().Select(l => new
            {
                orderLineId = l.GetProperty("id").GetGuid(),
                quantity = l.GetProperty("quantity").GetInt32() - l.GetProperty("shippedQuantity").GetInt32(),
            }).Where(l => l.quantity > 0),
        })).JsonAsync(HttpStatusCode.Created);

    public async Task<JsonElement> DeliverAllAsync(JsonElement order)
    {
        foreach (var shipment in order.GetProperty("shipments").EnumerateArray().Where(s => s.GetProperty("deliveredAt").ValueKind == JsonValueKind.Null))
        {
            order = await (await client.SendPostAsync(Url(order, $"shipments/{shipment.GetProperty("id").GetGuid()}/deliver"), new { }))
                .JsonAsync(HttpStatusCode.OK);
        }

        return order;
    }

    public async Task<JsonElement> RefundAsync(JsonElement order, long amount) =>
        await (await client.SendPostAsync(Url(order, "refunds"), new
        {
            amount = new { amount, currency = "EUR" },
            reason = "Damaged",
        }, idempotencyKey: Guid.NewGuid().ToString())).JsonAsync(HttpStatusCode.Created);

    public async Task<JsonElement> CancelAsync(JsonElement order) =>
        await (await client.SendPostAsync(Url(order, "cancel"), new { })).JsonAsync(HttpStatusCode.OK);

    public async Task<JsonElement> GetAsync(JsonElement order) =>
        await (await client.GetAsync($"/api/v1/orders/{order.GetProperty("id").GetGuid()}", TestContext.Current.CancellationToken)).JsonAsync(HttpStatusCode.OK);

    public async Task<JsonElement> ProductByIdAsync(Guid id) =>
        await (await client.GetAsync($"/api/v1/products/{id}", TestContext.Current.CancellationToken)).JsonAsync(HttpStatusCode.OK);

    public static string Url(JsonElement order, string action) => $"/api/v1/orders/{order.GetProperty("id").GetGuid()}/{action}";

    public static Guid Line(JsonElement order, int index) => order.GetProperty("lines")[index].GetProperty("id").GetGuid();

    public static string[] Actions(JsonElement order) =>
        [.. order.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!)];

    public static string States(JsonElement order) =>
        $"{order.GetProperty("status").GetString()}/{order.GetProperty("paymentStatus").GetString()}/{order.GetProperty("fulfilmentStatus").GetString()}";
}
