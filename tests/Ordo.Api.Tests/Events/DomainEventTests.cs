using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Orders;
using Ordo.Api.Features.Products;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Domain.Products;

namespace Ordo.Api.Tests.Events;

/// <summary>
/// Every change that matters to other systems leaves a domain event in the outbox in its own transaction, and the
/// dispatcher hands each to the consumers: the catalogue of docs/events.md, with its shapes.
/// </summary>
public abstract class DomainEventTests : ProviderTests
{
    protected DomainEventTests(ApiFixture fixture) : base(fixture)
    {
        Events = ((IEventsFixture)fixture).Events;
        Data = new OrderTestData(fixture, Client);
        Rules = new OrderRuleData(fixture, Client);
    }

    private CountingConsumer Events { get; }

    private OrderTestData Data { get; }

    private OrderRuleData Rules { get; }

    private Task DispatchAsync() => Fixture.Factory.DispatchAllAsync();

    [Fact]
    public async Task An_order_taken_through_its_life_publishes_placed_paid_shipped_and_delivered_in_order_with_the_ids_of_its_timeline()
    {
        var order = await Data.PendingOrderAsync();
        order = await Data.PayAsync(order);
        order = await Data.ShipEverythingAsync(order);
        order = await Data.DeliverAllAsync(order);

        await DispatchAsync();

        var published = Events.About(order.Id);
        Assert.Equal(["order.placed", "order.paid", "order.shipped", "order.delivered"], published.Select(e => e.Type));
        var timeline = await Rules.EventsAsync(order);
        Assert.Equal(
            timeline.Where(t => DomainEvents.IsPublished(t.Type)).Select(t => (t.Id, t.Type, t.Sequence)),
            published.Select(e => (e.Id, e.Type, e.DataAs<OrderEventData>().Sequence)));
        Assert.All(published, e => Assert.Equal("v1", e.ApiVersion));
        Assert.All(published, e => Assert.Equal(EventCatalogue.ExampleFields(e.Type), EventCatalogue.Fields(e)));

        var placed = published[0].DataAs<OrderEventData>();
        Assert.Equal((order.Id, order.CustomerId, "pending", "unpaid", new MoneyDtoTuple(4500, "EUR")),
            (placed.OrderId, placed.CustomerId, placed.Status, placed.PaymentStatus, new MoneyDtoTuple(placed.Total.Amount, placed.Total.Currency)));
        var paid = published[1].DataAs<OrderEventData>();
        Assert.Equal(("paid", 4500L, 4500L), (paid.PaymentStatus, paid.Amount!.Amount, paid.AmountPaid.Amount));
        var shipped = published[2].DataAs<OrderEventData>();
        var shipment = Assert.Single(order.Shipments);
        Assert.Equal((shipment.Id, "DHL", shipment.TrackingNumber, "fulfilled"), (shipped.ShipmentId!.Value, shipped.Carrier, shipped.TrackingNumber, shipped.FulfilmentStatus));
        var delivered = published[3].DataAs<OrderEventData>();
        Assert.Equal((shipment.Id, "completed"), (delivered.ShipmentId!.Value, delivered.Status));
    }

    [Fact]
    public async Task A_refund_publishes_order_refunded_with_its_amount_and_cancelling_a_paid_order_refunds_the_rest_before_it_cancels()
    {
        var order = await Data.PayAsync(await Data.PendingOrderAsync());
        order = await Data.RefundAsync(order, 1000);
        order = await Data.CancelAsync(order);

        await DispatchAsync();

        var published = Events.About(order.Id);
        Assert.Equal(["order.placed", "order.paid", "order.refunded", "order.refunded", "order.cancelled"], published.Select(e => e.Type));
        Assert.All(published, e => Assert.Equal(EventCatalogue.ExampleFields(e.Type), EventCatalogue.Fields(e)));
        var refunds = published.Where(e => e.Type == "order.refunded").Select(e => e.DataAs<OrderEventData>()).ToList();
        Assert.Equal([(1000L, order.Refunds[0].Id), (3500L, order.Refunds[1].Id)], refunds.Select(r => (r.Amount!.Amount, r.RefundId!.Value)));
        var cancelled = published[^1].DataAs<OrderEventData>();
        Assert.Equal(("cancelled", "refunded", 4500L), (cancelled.Status, cancelled.PaymentStatus, cancelled.AmountRefunded.Amount));
        Assert.DoesNotContain(published, e => e.Data.GetRawText().Contains("Damaged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_order_the_expiry_job_expires_publishes_order_expired()
    {
        var order = await Rules.PlacedAsync(price: 1_000);
        await Rules.BackdateAsync(order, TimeSpan.FromHours(2));
        await Fixture.Factory.Services.GetRequiredService<ExpireUnpaidOrders>().ExpireAllDueAsync(Cancellation);

        await DispatchAsync();

        var published = Events.About(order.Id);
        Assert.Equal(["order.placed", "order.expired"], published.Select(e => e.Type));
        Assert.Equal("expired", published[1].DataAs<OrderEventData>().Status);
        Assert.Equal(EventCatalogue.ExampleFields("order.expired"), EventCatalogue.Fields(published[1]));
    }

    [Fact]
    public async Task Creating_a_customer_publishes_customer_created_with_its_id_and_none_of_its_contact_details()
    {
        var email = $"grace-{Guid.NewGuid():N}@example.com";
        var created = await (await Client.SendPostAsync("/api/v1/customers", new { name = "Grace Hopper", email }))
            .ReadAsync<CustomerResponse>(HttpStatusCode.Created);

        await DispatchAsync();

        var published = Assert.Single(Events.About(created.Id));
        Assert.Equal("customer.created", published.Type);
        Assert.Equal(created.Id, published.DataAs<CustomerCreatedData>().CustomerId);
        Assert.Equal(EventCatalogue.ExampleFields("customer.created"), EventCatalogue.Fields(published));
        Assert.DoesNotContain(email, published.Data.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Grace", published.Data.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stock_low_is_published_when_available_stock_drops_below_the_threshold_not_on_every_movement_below_it()
    {
        var customer = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: 10);
        await AdjustAsync(product.Id, "adjustment", -4); // 6 available: above the threshold of 5
        await Data.PlaceAsync(customer, (product.Id, 2)); // 4: crosses
        await Data.PlaceAsync(customer, (product.Id, 1)); // 3: already below
        await AdjustAsync(product.Id, "receipt", 10); // 13
        await AdjustAsync(product.Id, "adjustment", -8); // 5: at the threshold, not below
        await AdjustAsync(product.Id, "adjustment", -3); // 2: crosses again

        await DispatchAsync();

        var published = Events.About(product.Id);
        Assert.All(published, e => Assert.Equal("product.stock_low", e.Type));
        Assert.All(published, e => Assert.Equal(EventCatalogue.ExampleFields(e.Type), EventCatalogue.Fields(e)));
        Assert.Equal(
            [(4, 6, 2, 5), (2, 5, 3, 5)],
            published.Select(e => e.DataAs<StockLowData>()).Select(d => (d.StockAvailable, d.StockOnHand, d.StockReserved, d.Threshold)));
    }

    [Fact]
    public async Task A_fault_between_the_change_and_its_commit_leaves_neither_the_change_nor_its_event()
    {
        var order = await Data.PendingOrderAsync();
        ((IEventsFixture)Fixture).Fault.Arm();

        var payment = await Client.PayOrderAsync(order);

        Assert.Equal(HttpStatusCode.InternalServerError, payment.StatusCode);
        Assert.Equal(("pending", "unpaid"), ((await Data.GetAsync(order)).Status, (await Data.GetAsync(order)).PaymentStatus));
        Assert.Equal(["order.placed"], (await Fixture.Factory.OutboxAsync($"order:{order.Id}")).Select(m => m.Type));
        await DispatchAsync();
        Assert.Equal(["order.placed"], Events.About(order.Id).Select(e => e.Type));
    }

    [Fact]
    public async Task An_account_email_waits_in_the_outbox_sealed_and_is_removed_once_sent()
    {
        var email = $"reader-{Guid.NewGuid():N}@example.com";
        var registered = await Fixture.CreateAnonymousClient().SendPostAsync("/api/v1/account/register",
            new { email, password = TestAuth.NewPassword(), name = "Ada Reader" });
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);

        var emails = ((IEventsFixture)Fixture).Emails;
        var waiting = await WaitingEmailsAsync();
        var sealedEmail = Assert.Single(waiting, m => !m.Body.Contains('{', StringComparison.Ordinal));
        Assert.DoesNotContain(email, sealedEmail.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("token", sealedEmail.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(emails.To(email, AccountEmailKind.ConfirmEmail));

        await DispatchAsync();

        Assert.Single(emails.To(email, AccountEmailKind.ConfirmEmail));
        Assert.Empty(await Fixture.Factory.OutboxAsync(sealedEmail.PartitionKey));
    }

    [Fact]
    public async Task A_save_tried_again_after_it_failed_records_its_events_once()
    {
        var existing = await Data.ProductAsync(stock: 1);
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Ordo.Persistence.OrdoDbContext>();
        var now = DateTimeOffset.UtcNow;
        var customer = Customer.Create("Ada Retry", Email.Create($"retry-{Guid.NewGuid():N}@example.com").Value, null, [], now).Value;
        var clash = Product.Create(Sku.Create(existing.Sku).Value, "Same SKU", null, new Money(100, "EUR"), now).Value;
        db.Customers.Add(customer);
        db.Products.Add(clash);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Cancellation));

        db.Products.Remove(clash);
        await db.SaveChangesAsync(Cancellation);

        Assert.Equal(["customer.created"], (await Fixture.Factory.OutboxAsync($"customer:{customer.Id}")).Select(m => m.Type));
    }

    [Fact]
    public void Without_RabbitMq_configured_nothing_publishes_to_a_broker()
    {
        var consumers = Fixture.Factory.Services.GetServices<IOutboxConsumer>().Select(c => c.GetType()).ToList();

        Assert.DoesNotContain(typeof(RabbitMqEventPublisher), consumers);
        Assert.Contains(typeof(AccountEmailConsumer), consumers);
    }

    private async Task<IReadOnlyList<Ordo.Persistence.Outbox.OutboxMessage>> WaitingEmailsAsync()
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Ordo.Persistence.OrdoDbContext>();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.OutboxMessages.Where(m => m.Type == OutboxMessageTypes.AccountEmail && m.DeliveredAt == null), Cancellation);
    }

    private async Task AdjustAsync(Guid productId, string kind, int quantity) =>
        await (await Client.SendPostAsync($"/api/v1/products/{productId}/stock-adjustments", new { kind, quantity, reason = "Count" }))
            .ReadAsync<StockMovementResponse>(HttpStatusCode.Created);

    private readonly record struct MoneyDtoTuple(long Amount, string Currency);
}

public sealed class DomainEventsOnSqlite(EventsSqliteFixture fixture) : DomainEventTests(fixture), IClassFixture<EventsSqliteFixture>;

public sealed class DomainEventsOnPostgres(EventsPostgresFixture fixture) : DomainEventTests(fixture), IClassFixture<EventsPostgresFixture>;
