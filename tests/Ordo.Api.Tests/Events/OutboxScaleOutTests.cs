using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;

namespace Ordo.Api.Tests.Events;

/// <summary>
/// Two instances of the service on one PostgreSQL database, each with its dispatcher, and a consumer that takes a
/// moment per event: the window in which two dispatchers could take the same message, or the next message of an order
/// whose previous one is still in flight.
/// </summary>
public sealed class TwoDispatchersFixture : PostgresApiFixture
{
    private OrdoApiFactory? _other;

    public ConcurrentQueue<(string Host, PublishedEvent Event)> Deliveries { get; } = new();

    public OrdoApiFactory Other => _other ?? throw new InvalidOperationException("Fixture not initialised.");

    // Small batches, so that the two instances interleave within the backlog instead of one taking it all.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Outbox:Dispatch"] = "false",
        ["Outbox:BatchSize"] = "3",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IOutboxConsumer>(new CountingConsumer("first", Deliveries) { Delay = TimeSpan.FromMilliseconds(3) });

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        if (UnavailableReason is null)
        {
            _other = new OrdoApiFactory(Provider, ConnectionString, Settings,
                services => services.AddSingleton<IOutboxConsumer>(new CountingConsumer("other", Deliveries) { Delay = TimeSpan.FromMilliseconds(3) }));
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
        GC.SuppressFinalize(this);
    }
}

public sealed class OutboxScaleOutTests(TwoDispatchersFixture fixture) : ProviderTests(fixture), IClassFixture<TwoDispatchersFixture>
{
    [Fact]
    public async Task Two_instances_dispatching_at_once_deliver_every_event_exactly_once_and_each_order_in_its_sequence()
    {
        var data = new OrderTestData(fixture, Client);
        var orders = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var order = await data.PayAsync(await data.PendingOrderAsync());
            order = await data.RefundAsync(order, 500);
            orders.Add((await data.CancelAsync(order)).Id);
        }

        // Both instances drain the backlog at the same time, each with several rounds in flight.
        await Task.WhenAll(
            DrainAsync(fixture.Factory),
            DrainAsync(fixture.Other),
            DrainAsync(fixture.Factory),
            DrainAsync(fixture.Other));

        var delivered = fixture.Deliveries.ToList();
        Assert.Empty(delivered.GroupBy(d => d.Event.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        using (var scope = fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Ordo.Persistence.OrdoDbContext>();
            Assert.Equal(db.OutboxMessages.Count(m => DomainEvents.Types.Contains(m.Type)), delivered.Count);
            Assert.Equal(0, db.OutboxMessages.Count(m => m.DeliveredAt == null));
        }

        Assert.Contains(delivered, d => d.Host == "first");
        Assert.Contains(delivered, d => d.Host == "other");
        foreach (var order in orders)
        {
            var sequence = delivered.Where(d => d.Event.Subject == order).Select(d => d.Event.DataAs<OrderEventData>().Sequence).ToList();
            Assert.Equal(["order.placed", "order.paid", "order.refunded", "order.refunded", "order.cancelled"],
                delivered.Where(d => d.Event.Subject == order).Select(d => d.Event.Type));
            Assert.Equal(sequence.Order(), sequence);
        }
    }

    private static async Task DrainAsync(OrdoApiFactory host)
    {
        var dispatcher = host.Services.GetRequiredService<OutboxDispatcher>();
        // A round that finds nothing may only mean the other instance holds the rest; stop after a few in a row.
        for (var idle = 0; idle < 5;)
        {
            idle = await dispatcher.DispatchRoundAsync(TestContext.Current.CancellationToken) == 0 ? idle + 1 : 0;
            await Task.Yield();
        }
    }
}
