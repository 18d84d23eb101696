using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Orders;
using Ordo.Api.Features.Products;
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
        var product = await response.ReadAsync<ProductResponse>(HttpStatusCode.Created);
        return (product.Id, product.Sku);
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
    public async Task<OrderResponse> PendingOrderAsync()
    {
        var customer = await CustomerAsync();
        var a = await ProductAsync(stock: 10, price: 1000);
        var b = await ProductAsync(stock: 10, price: 2000);
        return await (await PlaceAsync(customer, (a.Id, 2), (b.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created);
    }

    public async Task<OrderResponse> PayAsync(OrderResponse order) =>
        await (await client.SendPostAsync(Url(order, "payment"), new
        {
            amount = order.Total,
            externalReference = "psp_" + Guid.NewGuid().ToString("N"),
        }, idempotencyKey: Guid.NewGuid().ToString())).ReadAsync<OrderResponse>(HttpStatusCode.OK);

    public async Task<OrderResponse> ShipAsync(OrderResponse order, int lineIndex, int quantity) =>
        await (await client.SendPostAsync(Url(order, "shipments"), new
        {
            carrier = "DHL",
            trackingNumber = "TRK" + Guid.NewGuid().ToString("N")[..10],
            lines = new[] { new { orderLineId = Line(order, lineIndex), quantity } },
        })).ReadAsync<OrderResponse>(HttpStatusCode.Created);

    public async Task<OrderResponse> ShipEverythingAsync(OrderResponse order) =>
        await (await client.SendPostAsync(Url(order, "shipments"), new
        {
            carrier = "DHL",
            trackingNumber = "TRK" + Guid.NewGuid().ToString("N")[..10],
            lines = order.Lines.Select(l => new
            {
                orderLineId = l.Id,
                quantity = l.Quantity - l.ShippedQuantity,
            }).Where(l => l.quantity > 0),
        })).ReadAsync<OrderResponse>(HttpStatusCode.Created);

    public async Task<OrderResponse> DeliverAllAsync(OrderResponse order)
    {
        foreach (var shipment in order.Shipments.Where(s => s.DeliveredAt is null))
        {
            order = await (await client.SendPostAsync(Url(order, $"shipments/{shipment.Id}/deliver"), new { }))
                .ReadAsync<OrderResponse>(HttpStatusCode.OK);
        }

        return order;
    }

    public async Task<OrderResponse> RefundAsync(OrderResponse order, long amount) =>
        await (await client.SendPostAsync(Url(order, "refunds"), new
        {
            amount = new { amount, currency = "EUR" },
            reason = "Damaged",
        }, idempotencyKey: Guid.NewGuid().ToString())).ReadAsync<OrderResponse>(HttpStatusCode.Created);

    public async Task<OrderResponse> CancelAsync(OrderResponse order) =>
        await (await client.SendPostAsync(Url(order, "cancel"), new { })).ReadAsync<OrderResponse>(HttpStatusCode.OK);

    public async Task<OrderResponse> GetAsync(OrderResponse order) =>
        await (await client.GetAsync($"/api/v1/orders/{order.Id}", TestContext.Current.CancellationToken)).ReadAsync<OrderResponse>(HttpStatusCode.OK);

    public async Task<ProductResponse> ProductByIdAsync(Guid id) =>
        await (await client.GetAsync($"/api/v1/products/{id}", TestContext.Current.CancellationToken)).ReadAsync<ProductResponse>(HttpStatusCode.OK);

    public static string Url(OrderResponse order, string action) => $"/api/v1/orders/{order.Id}/{action}";

    public static Guid Line(OrderResponse order, int index) => order.Lines[index].Id;

    public static string[] Actions(OrderResponse order) => [.. order.AllowedActions];

    public static string States(OrderResponse order) => $"{order.Status}/{order.PaymentStatus}/{order.FulfilmentStatus}";
}
