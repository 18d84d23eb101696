using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Customers;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using RabbitMQ.Client;

namespace Ordo.Api.Tests.Events;

/// <summary>
/// The broker named by <c>ORDO_TEST_RABBITMQ</c> (an AMQP URI). Without it the suites that need it are skipped, except
/// under CI (<c>CI=true</c>), where they fail.
/// </summary>
public static class RabbitMqTestServer
{
    public const string ServerVariable = "ORDO_TEST_RABBITMQ";

    public static Uri? Uri()
    {
        var value = Environment.GetEnvironmentVariable(ServerVariable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return new Uri(value);
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"CI=true but {ServerVariable} is not set: the RabbitMQ suites must run in CI (see .ci/run).");
        }

        return null;
    }

    public static async Task<IConnection> ConnectAsync() =>
        await new ConnectionFactory { Uri = Uri()! }.CreateConnectionAsync(TestContext.Current.CancellationToken);

    /// <summary>A queue of its own bound to every routing key of <paramref name="exchange"/> (a durable topic exchange, declared as Ordo does).</summary>
    public static async Task<string> BindQueueAsync(IChannel channel, string exchange)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellation);
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellation);
        await channel.QueueBindAsync(queue.QueueName, exchange, "#", cancellationToken: cancellation);
        return queue.QueueName;
    }

    /// <summary>Takes messages off <paramref name="queue"/> until <paramref name="enough"/> holds for those kept (or 20 s pass).</summary>
    public static async Task<IReadOnlyList<BasicGetResult>> ReceiveAsync(IChannel channel, string queue, Func<BasicGetResult, bool> keep, Func<IReadOnlyList<BasicGetResult>, bool> enough)
    {
        var received = new List<BasicGetResult>();
        for (var waited = 0; waited < 400 && !enough(received); waited++)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true, TestContext.Current.CancellationToken) is { } message)
            {
                if (keep(message))
                {
                    received.Add(message);
                }

                continue;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return received;
    }

    public static PublishedEvent Event(BasicGetResult message) => PublishedEvent.Parse(Encoding.UTF8.GetString(message.Body.Span));
}

/// <summary>PostgreSQL with RabbitMQ configured: an exchange of this fixture's own, quick polls and retries.</summary>
public class RabbitMqFixture : PostgresApiFixture
{
    public string Exchange { get; } = "ordo.test." + Guid.NewGuid().ToString("N")[..12];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RabbitMq:Uri"] = RabbitMqTestServer.Uri()?.AbsoluteUri,
        ["RabbitMq:Exchange"] = Exchange,
        ["Outbox:PollInterval"] = "00:00:00.050",
        ["Outbox:FirstRetryDelay"] = "00:00:00.200",
        ["Outbox:MaxRetryDelay"] = "00:00:01",
    };

    public override async ValueTask InitializeAsync()
    {
        if (RabbitMqTestServer.Uri() is null)
        {
            UnavailableReason = $"RabbitMQ suite skipped: set {RabbitMqTestServer.ServerVariable} (e.g. amqp://guest:guest@127.0.0.1:5672/) to run it.";
            return;
        }

        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (UnavailableReason is null)
        {
            // The exchange is durable: leave the broker as it was found.
            await using var connection = await new ConnectionFactory { Uri = RabbitMqTestServer.Uri()! }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            await channel.ExchangeDeleteAsync(Exchange);
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class RabbitMqPublishingFixture : RabbitMqFixture;

public sealed class RabbitMqRetryFixture : RabbitMqFixture;

public sealed class RabbitMqEventTests(RabbitMqPublishingFixture fixture) : ProviderTests(fixture), IClassFixture<RabbitMqPublishingFixture>
{
    [Fact]
    public async Task Every_event_reaches_the_topic_exchange_persistent_with_the_event_id_as_message_id_and_the_type_as_routing_key_in_order()
    {
        await using var connection = await RabbitMqTestServer.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation);
        var queue = await RabbitMqTestServer.BindQueueAsync(channel, fixture.Exchange);
        var data = new OrderTestData(fixture, Client);
        var order = await data.PayAsync(await data.PendingOrderAsync());
        order = await data.CancelAsync(order);

        var received = await RabbitMqTestServer.ReceiveAsync(channel, queue,
            keep: m => RabbitMqTestServer.Event(m).Subject == order.Id, enough: r => r.Count >= 4);

        var timeline = await new OrderRuleData(fixture, Client).EventsAsync(order);
        Assert.Equal(
            timeline.Where(t => t.Type != "order.completed").Select(t => (t.Id.ToString(), t.Type)),
            received.Select(m => (m.BasicProperties.MessageId!, m.RoutingKey)));
        Assert.All(received, m => Assert.True(m.BasicProperties.Persistent));
        Assert.All(received, m => Assert.Equal("application/json", m.BasicProperties.ContentType));
        Assert.Equal(received.Select(m => m.BasicProperties.MessageId), received.Select(m => RabbitMqTestServer.Event(m).Id.ToString()));
        Assert.Equal(["order.placed", "order.paid", "order.refunded", "order.cancelled"], received.Select(m => RabbitMqTestServer.Event(m).Type));
    }
}

public sealed class RabbitMqRetryTests(RabbitMqRetryFixture fixture) : ProviderTests(fixture), IClassFixture<RabbitMqRetryFixture>
{
    [Fact]
    public async Task An_event_the_broker_refuses_stays_in_the_outbox_and_is_published_once_the_broker_takes_it()
    {
        await using var connection = await RabbitMqTestServer.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancellation);
        // An exchange of the same name but another type: the service's declaration fails, so its publish does.
        await channel.ExchangeDeclareAsync(fixture.Exchange, ExchangeType.Fanout, durable: false, autoDelete: false, cancellationToken: Cancellation);

        var customer = await (await Client.SendPostAsync("/api/v1/customers", new { name = "Kept Waiting", email = $"wait-{Guid.NewGuid():N}@example.com" }))
            .ReadAsync<CustomerResponse>(HttpStatusCode.Created);
        var failing = await WaitForAsync(async () => (await Fixture.Factory.OutboxAsync($"customer:{customer.Id}")).SingleOrDefault(m => m.Attempts >= 2));
        Assert.Null(failing.DeliveredAt);
        Assert.NotNull(failing.LastError);

        await channel.ExchangeDeleteAsync(fixture.Exchange, cancellationToken: Cancellation);
        var queue = await RabbitMqTestServer.BindQueueAsync(channel, fixture.Exchange);
        var received = await RabbitMqTestServer.ReceiveAsync(channel, queue, keep: m => RabbitMqTestServer.Event(m).Subject == customer.Id, enough: r => r.Count >= 1);

        var message = Assert.Single(received);
        Assert.Equal((failing.Id.ToString(), "customer.created"), (message.BasicProperties.MessageId, message.RoutingKey));
        var delivered = await WaitForAsync(async () => (await Fixture.Factory.OutboxAsync($"customer:{customer.Id}")).SingleOrDefault(m => m.DeliveredAt is not null));
        Assert.True(delivered.Attempts > failing.Attempts);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var waited = 0; waited < 200; waited++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new Xunit.Sdk.XunitException("Timed out waiting for the outbox.");
    }
}
