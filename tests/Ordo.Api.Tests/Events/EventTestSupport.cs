using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Mail;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Api.Tests.Account;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;
using Ordo.Persistence.Outbox;

namespace Ordo.Api.Tests.Events;

/// <summary>An event as a subscriber receives it: the envelope, with its data read as <typeparamref name="T"/> on demand.</summary>
public sealed record PublishedEvent(Guid Id, string Type, DateTimeOffset OccurredAt, string ApiVersion, JsonElement Data)
{
    public static PublishedEvent Parse(string body) => JsonSerializer.Deserialize<PublishedEvent>(body, JsonSerializerOptions.Web)!;

    public T DataAs<T>() => Data.Deserialize<T>(JsonSerializerOptions.Web)!;

    /// <summary>The resource the event is about (orderId, productId or customerId).</summary>
    public Guid Subject =>
        Data.TryGetProperty("orderId", out var order) ? order.GetGuid()
        : Data.TryGetProperty("productId", out var product) ? product.GetGuid()
        : Data.GetProperty("customerId").GetGuid();
}

public sealed record OrderEventData(
    Guid OrderId,
    Guid CustomerId,
    int Sequence,
    string Status,
    string PaymentStatus,
    string FulfilmentStatus,
    MoneyDto Total,
    MoneyDto AmountPaid,
    MoneyDto AmountRefunded,
    MoneyDto? Amount,
    Guid? ShipmentId,
    Guid? RefundId,
    string? Carrier,
    string? TrackingNumber);

public sealed record StockLowData(Guid ProductId, string Sku, int StockOnHand, int StockReserved, int StockAvailable, int Threshold);

public sealed record CustomerCreatedData(Guid CustomerId, DateTimeOffset CreatedAt);

/// <summary>A consumer that keeps every published event it is given, in delivery order, with the host that delivered it.</summary>
/// <remarks>Consumers of several hosts may share one <paramref name="log"/>, to see the order across them.</remarks>
public sealed class CountingConsumer(string host = "", ConcurrentQueue<(string Host, PublishedEvent Event)>? log = null) : IOutboxConsumer
{
    private readonly ConcurrentQueue<(string Host, PublishedEvent Event)> _received = log ?? new();

    /// <summary>How long each delivery takes (widens the window in which two dispatchers could collide).</summary>
    public TimeSpan Delay { get; init; }

    public IReadOnlyList<PublishedEvent> Received => [.. _received.Select(r => r.Event)];

    public IReadOnlyList<(string Host, PublishedEvent Event)> ReceivedWithHost => [.. _received];

    public bool Consumes(string type) => DomainEvents.IsPublished(type);

    public async Task DeliverAsync(OutboxDelivery message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        _received.Enqueue((host, PublishedEvent.Parse(message.Body)));
    }

    /// <summary>The events about one resource, in the order they were delivered.</summary>
    public IReadOnlyList<PublishedEvent> About(Guid subject) => [.. Received.Where(e => e.Subject == subject)];
}

/// <summary>Fails the next commit once armed: a fault between a change and its commit.</summary>
public sealed class FailingCommit : DbTransactionInterceptor
{
    private int _armed;

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        Interlocked.Exchange(ref _armed, 0) == 1 ? throw new InvalidOperationException("Injected fault before commit.") : result;

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionCommitting(transaction, eventData, result));
}

public interface IEventsFixture
{
    CountingConsumer Events { get; }

    CapturedEmails Emails { get; }

    FailingCommit Fault { get; }
}

/// <summary>
/// The service with the dispatcher's loop off: tests deliver with <see cref="OutboxTestExtensions.DispatchAllAsync"/>,
/// so what was delivered is known when they look.
/// </summary>
public static class EventsFixtureSetup
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Outbox:Dispatch"] = "false",
        ["Webhooks:Deliver"] = "false",
    };

    public static void Services(IServiceCollection services, IEventsFixture fixture)
    {
        services.AddSingleton<IOutboxConsumer>(fixture.Events);
        services.AddSingleton<IAccountEmailSender>(fixture.Emails);
        services.ConfigureDbContext<OrdoDbContext>(options => options.AddInterceptors(fixture.Fault));
    }
}

public class EventsSqliteFixture : SqliteApiFixture, IEventsFixture
{
    public CountingConsumer Events { get; } = new();

    public CapturedEmails Emails { get; } = new();

    public FailingCommit Fault { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => EventsFixtureSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => EventsFixtureSetup.Services(services, this);
}

public class EventsPostgresFixture : PostgresApiFixture, IEventsFixture
{
    public CountingConsumer Events { get; } = new();

    public CapturedEmails Emails { get; } = new();

    public FailingCommit Fault { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => EventsFixtureSetup.Settings;

    protected override void ConfigureServices(IServiceCollection services) => EventsFixtureSetup.Services(services, this);
}

public static class OutboxTestExtensions
{
    /// <summary>Runs dispatch rounds until one finds nothing due.</summary>
    public static async Task DispatchAllAsync(this OrdoApiFactory factory)
    {
        var dispatcher = factory.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchRoundAsync(TestContext.Current.CancellationToken) > 0)
        {
        }
    }

    /// <summary>The outbox rows of one partition, read straight from the table.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(this OrdoApiFactory factory, string partitionKey)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.PartitionKey == partitionKey).OrderBy(m => m.Position)
            .ToListAsync(TestContext.Current.CancellationToken);
    }
}
