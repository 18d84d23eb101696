using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Ordo.Api.Infrastructure.Messaging;

/// <summary>
/// Section <c>RabbitMq</c>: when <see cref="Uri"/> is set, every published domain event also goes to a durable topic
/// exchange. Unset (the default), no connection is ever attempted.
/// </summary>
public sealed class RabbitMqOptions : IValidatableObject
{
    public const string Section = "RabbitMq";

    /// <summary>The broker, e.g. <c>amqps://user:password@broker:5671/vhost</c> (holds a credential: keep it out of files).</summary>
    public Uri? Uri { get; set; }

    /// <summary>The durable topic exchange the events are published to; the routing key is the event type.</summary>
    [Required(AllowEmptyStrings = false)]
    [MaxLength(255)]
    public string Exchange { get; set; } = "ordo.events";

    public bool IsConfigured => Uri is not null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Uri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme is not ("amqp" or "amqps")))
        {
            yield return new ValidationResult("RabbitMq:Uri must be an absolute amqp:// or amqps:// URI.", [nameof(Uri)]);
        }
    }
}

/// <summary>
/// Publishes domain events to RabbitMQ: a durable topic exchange, routing key = event type, persistent messages whose
/// message id is the event id, and publisher confirms, so an event counts as delivered only once the broker has taken
/// responsibility for it; a refused or unconfirmed publish throws and the dispatcher retries it.
/// </summary>
public sealed partial class RabbitMqEventPublisher(IOptions<RabbitMqOptions> options, ILogger<RabbitMqEventPublisher> logger)
    : IOutboxConsumer, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public bool Consumes(string type) => DomainEvents.IsPublished(type);

    public async Task DeliverAsync(OutboxDelivery message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var channel = await ChannelAsync(cancellationToken);
            var properties = new BasicProperties
            {
                MessageId = message.Id.ToString(),
                Type = message.Type,
                ContentType = "application/json",
                ContentEncoding = "utf-8",
                DeliveryMode = DeliveryModes.Persistent,
                Timestamp = new AmqpTimestamp(message.OccurredAt.ToUnixTimeSeconds()),
            };
            try
            {
                // With confirmation tracking on, this returns once the broker confirmed, and throws on a nack.
                await channel.BasicPublishAsync(options.Value.Exchange, message.Type, mandatory: false, properties, Encoding.UTF8.GetBytes(message.Body), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await ResetAsync();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await ResetAsync();
        var settings = options.Value;
        var factory = new ConnectionFactory { Uri = settings.Uri!, ClientProvidedName = "ordo-outbox" };
        _connection = await factory.CreateConnectionAsync(cancellationToken);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await _channel.ExchangeDeclareAsync(settings.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        LogConnected(logger, settings.Exchange);
        return _channel;
    }

    private async Task ResetAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
            _channel = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing domain events to the RabbitMQ exchange {Exchange}")]
    private static partial void LogConnected(ILogger logger, string exchange);
}
