using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Events;

/// <summary>A consumer that does what the running test tells it to for each event, and keeps the ids it delivered.</summary>
public sealed class ScriptedConsumer : IOutboxConsumer
{
    private readonly List<Guid> _delivered = [];

    /// <summary>Runs before an event counts as delivered: throw to fail it, wait to hold it in flight.</summary>
    public Func<OutboxDelivery, CancellationToken, Task> Before { get; set; } = (_, _) => Task.CompletedTask;

    public IReadOnlyList<Guid> Delivered
    {
        get
        {
            lock (_delivered)
            {
                return [.. _delivered];
            }
        }
    }

    public bool Consumes(string type) => DomainEvents.IsPublished(type);

    public async Task DeliverAsync(OutboxDelivery message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await Before(message, cancellationToken);
        lock (_delivered)
        {
            _delivered.Add(message.Id);
        }
    }
}

public interface IScriptedConsumerFixture
{
    ScriptedConsumer Consumer { get; }
}

/// <summary>The dispatcher's loop off (the tests run the rounds), three attempts per message and almost no back-off.</summary>
public static class OutboxDeliveryFixtureSetup
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Outbox:Dispatch"] = "false",
        ["Outbox:MaxAttempts"] = "3",
        ["Outbox:FirstRetryDelay"] = "00:00:00.010",
        ["Outbox:MaxRetryDelay"] = "00:00:00.010",
        ["Jobs:Enabled"] = "false",
        // Its claim transactions would count as sessions idle in transaction.
        ["Webhooks:Deliver"] = "false",
    };
}

public sealed class OutboxDeliverySqliteFixture : SqliteApiFixture, IScriptedConsumerFixture
{
    public ScriptedConsumer Consumer { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => OutboxDeliveryFixtureSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IOutboxConsumer>(Consumer);
}

public sealed class OutboxDeliveryPostgresFixture : PostgresApiFixture, IScriptedConsumerFixture
{
    public ScriptedConsumer Consumer { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => OutboxDeliveryFixtureSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IOutboxConsumer>(Consumer);
}

/// <summary>What the dispatcher does with a message that fails: retries it, keeps no detail that could be personal, and parks it in the end.</summary>
public abstract class OutboxDeliveryTests : ProviderTests
{
    protected OutboxDeliveryTests(ApiFixture fixture) : base(fixture)
    {
        Consumer = ((IScriptedConsumerFixture)fixture).Consumer;
        Data = new OrderTestData(fixture, Client);
    }

    protected ScriptedConsumer Consumer { get; }

    protected OrderTestData Data { get; }

    protected OutboxDispatcher Dispatcher => Fixture.Factory.Services.GetRequiredService<OutboxDispatcher>();

    [Fact]
    public async Task A_message_that_keeps_failing_is_parked_after_the_attempt_limit_and_the_rest_of_its_order_is_delivered()
    {
        var order = await Data.PayAsync(await Data.PendingOrderAsync());
        var partition = $"order:{order.Id}";
        var placed = (await Fixture.Factory.OutboxAsync(partition)).Single(m => m.Type == "order.placed");
        Consumer.Before = (message, _) => message.Id == placed.Id
            ? throw new InvalidOperationException("Mailbox alice@example.com refused the message")
            : Task.CompletedTask;

        await DispatchUntilAsync(async () => (await Fixture.Factory.OutboxAsync(partition)).All(m => m.DeliveredAt != null || m.ParkedAt != null));

        var messages = await Fixture.Factory.OutboxAsync(partition);
        var parked = messages.Single(m => m.Id == placed.Id);
        Assert.NotNull(parked.ParkedAt);
        Assert.Null(parked.DeliveredAt);
        Assert.Equal(3, parked.Attempts);
        Assert.Equal(nameof(InvalidOperationException), parked.LastError);
        var paid = messages.Single(m => m.Type == "order.paid");
        Assert.NotNull(paid.DeliveredAt);
        Assert.Contains(paid.Id, Consumer.Delivered);
        Assert.DoesNotContain(placed.Id, Consumer.Delivered);
    }

    [Fact]
    public async Task A_message_another_dispatcher_has_taken_waits_until_that_lease_runs_out()
    {
        var order = await Data.PendingOrderAsync();
        var partition = $"order:{order.Id}";
        var placed = (await Fixture.Factory.OutboxAsync(partition)).Single();
        await SetLeaseAsync(placed.Id, DateTimeOffset.UtcNow.AddMinutes(5));

        await Fixture.Factory.DispatchAllAsync();
        Assert.DoesNotContain(placed.Id, Consumer.Delivered);

        // The instance that took it died: once its lease has run out, the message is taken again.
        await SetLeaseAsync(placed.Id, DateTimeOffset.UtcNow.AddSeconds(-1));
        await Fixture.Factory.DispatchAllAsync();
        Assert.Contains(placed.Id, Consumer.Delivered);
        Assert.Null((await Fixture.Factory.OutboxAsync(partition)).Single().LockedUntil);
    }

    private async Task DispatchUntilAsync(Func<Task<bool>> done)
    {
        for (var round = 0; round < 200 && !await done(); round++)
        {
            await Dispatcher.DispatchRoundAsync(Cancellation);
            await Task.Delay(20, Cancellation);
        }

        Assert.True(await done(), "The outbox did not settle.");
    }

    private async Task SetLeaseAsync(Guid messageId, DateTimeOffset until)
    {
        using var scope = Fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        await db.OutboxMessages.Where(m => m.Id == messageId)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LockedUntil, until), Cancellation);
    }
}

public sealed class OutboxDeliveryOnSqlite(OutboxDeliverySqliteFixture fixture) : OutboxDeliveryTests(fixture), IClassFixture<OutboxDeliverySqliteFixture>;

public sealed class OutboxDeliveryOnPostgres(OutboxDeliveryPostgresFixture fixture) : OutboxDeliveryTests(fixture), IClassFixture<OutboxDeliveryPostgresFixture>
{
    [Fact]
    public async Task While_a_consumer_works_on_a_message_no_transaction_holds_its_row()
    {
        var order = await Data.PendingOrderAsync();
        var placed = (await Fixture.Factory.OutboxAsync($"order:{order.Id}")).Single();
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Consumer.Before = async (message, cancellationToken) =>
        {
            if (message.Id == placed.Id)
            {
                inFlight.TrySetResult();
                await release.Task.WaitAsync(cancellationToken);
            }
        };

        var round = Dispatcher.DispatchRoundAsync(Cancellation);
        await inFlight.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        try
        {
            // Another session can write the row at once: the round committed its lease before handing the message out.
            await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
            await connection.OpenAsync(Cancellation);
            await using var command = new NpgsqlCommand(
                "SET lock_timeout = '2s'; UPDATE outbox_messages SET attempts = attempts WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", placed.Id);
            await command.ExecuteNonQueryAsync(Cancellation);
            Assert.Equal(0, await CountIdleInTransactionAsync(connection));
        }
        finally
        {
            release.TrySetResult();
            await round;
        }

        Assert.Contains(placed.Id, Consumer.Delivered);
    }

    private static async Task<long> CountIdleInTransactionAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'", connection);
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }
}
