using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Api.Tests.Events;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Webhooks;

/// <summary>Two instances on one PostgreSQL database, both dispatching the outbox and both running the delivery worker.</summary>
public sealed class TwoWebhookWorkersFixture : WebhookPostgresFixture
{
    private OrdoApiFactory? _other;

    public OrdoApiFactory Other => _other ?? throw new InvalidOperationException("Fixture not initialised.");

    // Small batches, so that both instances take part of the backlog instead of one taking it all.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(WebhookFixtureSetup.Settings(allowLoopback: true))
    {
        ["Webhooks:BatchSize"] = "2",
        // A timeout under load would be an honest retry (the receiver got it, the answer came late): not what this counts.
        ["Webhooks:Timeout"] = "00:00:30",
        ["Outbox:BatchSize"] = "5",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        if (UnavailableReason is null)
        {
            _other = new OrdoApiFactory(Provider, ConnectionString, Settings);
            _ = _other.Server;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_other is not null)
        {
            await _other.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

public sealed class WebhookScaleOutTests(TwoWebhookWorkersFixture fixture) : ProviderTests(fixture), IClassFixture<TwoWebhookWorkersFixture>
{
    [Fact]
    public async Task Two_instances_on_one_database_deliver_every_event_exactly_once_to_the_receiver()
    {
        var endpoint = fixture.Receiver.Endpoint();
        // A slow receiver widens the window in which two workers could send the same delivery.
        endpoint.Default = ReceiverAnswer.Hang(TimeSpan.FromMilliseconds(30));
        var created = await Client.SubscribeAsync(endpoint.Url, "*");
        var other = fixture.Other.CreateClientFor(TestAuth.AdminEmail, TestAuth.AdminPassword);
        var clients = new[] { Client, other };
        var orders = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            var data = new OrderTestData(fixture, clients[i % 2]);
            return await data.PayAsync(await data.PendingOrderAsync());
        }));

        var published = await WebhookTestExtensions.EventuallyAsync(async () =>
        {
            using var scope = fixture.Factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            var events = await db.OutboxMessages.AsNoTracking().Where(m => DomainEvents.Types.Contains(m.Type)).ToListAsync(Cancellation);
            var allOut = events.All(m => m.DeliveredAt != null);
            var allSent = !await db.WebhookDeliveries.AnyAsync(d => d.SubscriptionId == created.Webhook.Id && d.Status != Ordo.Persistence.Webhooks.WebhookDeliveryStatus.Succeeded, Cancellation);
            return allOut && allSent && endpoint.Received.Count >= events.Count ? events : null;
        }, "every event to be delivered");

        Assert.True(published.Count >= orders.Length * 2);
        Assert.All(await Client.DeliveriesAsync(created.Webhook.Id), d => Assert.Single(d.Attempts));
        var received = endpoint.Received.Select(r => Guid.Parse(r.EventId)).ToList();
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.Equal(published.Select(m => m.Id).Order(), received.Order());
    }
}

/// <summary>PostgreSQL with RabbitMQ configured and the webhook receiver on loopback.</summary>
public sealed class RabbitMqWithWebhooksFixture : RabbitMqFixture, IWebhookFixture
{
    private WebhookReceiver? _receiver;

    public WebhookReceiver Receiver => _receiver!;

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings.Concat(WebhookFixtureSetup.Settings(allowLoopback: true).Where(s => !s.Key.StartsWith("Outbox:", StringComparison.Ordinal))));

    public override async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

public sealed class WebhookRabbitMqTests(RabbitMqWithWebhooksFixture fixture) : ProviderTests(fixture), IClassFixture<RabbitMqWithWebhooksFixture>
{
    [Fact]
    public async Task A_RabbitMQ_consumer_receives_every_event_with_the_same_ids_as_the_webhook_receiver()
    {
        var endpoint = fixture.Receiver.Endpoint();
        await Client.SubscribeAsync(endpoint.Url, "*");
        await using var connection = await RabbitMqTestServer.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation);
        var queue = await RabbitMqTestServer.BindQueueAsync(channel, fixture.Exchange);
        var data = new OrderTestData(fixture, Client);
        var order = await data.CancelAsync(await data.PayAsync(await data.PendingOrderAsync()));

        var fromBroker = await RabbitMqTestServer.ReceiveAsync(channel, queue, keep: m => RabbitMqTestServer.Event(m).Subject == order.Id, enough: r => r.Count >= 4);
        var fromWebhook = await WebhookTestExtensions.EventuallyAsync(
            async () => await Task.FromResult(endpoint.Received.Where(r => r.Event.Subject == order.Id).ToList() is { Count: >= 4 } found ? found : null), "four webhook deliveries");

        Assert.Equal(["order.placed", "order.paid", "order.refunded", "order.cancelled"], fromBroker.Select(m => m.RoutingKey));
        Assert.Equal(fromBroker.Select(m => m.BasicProperties.MessageId).Order(), fromWebhook.Select(r => r.EventId).Order());
        Assert.Equal(fromBroker.Select(m => RabbitMqTestServer.Event(m).Id), fromBroker.Select(m => Guid.Parse(m.BasicProperties.MessageId!)));
    }
}
