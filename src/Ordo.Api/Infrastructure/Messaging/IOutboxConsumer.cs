namespace Ordo.Api.Infrastructure.Messaging;

/// <summary>
/// Something the outbox dispatcher feeds (RabbitMQ, account emails, webhooks): it receives every message whose type it
/// consumes, at least once and in order within the message's partition. A message counts as delivered once every
/// consumer that consumes it succeeded; when one throws, the message is retried for all of them, so consumers must
/// tolerate a repeat (de-duplicate on <see cref="OutboxDelivery.Id"/>).
/// </summary>
public interface IOutboxConsumer
{
    bool Consumes(string type);

    /// <summary>Delivers the message or throws; the dispatcher retries it with back-off.</summary>
    Task DeliverAsync(OutboxDelivery message, CancellationToken cancellationToken);
}

/// <param name="Id">The event id, the same on every attempt and every transport.</param>
/// <param name="Body">The event's JSON envelope (see <see cref="DomainEvents"/>), or a sealed email for the email consumer.</param>
/// <param name="Attempt">1 on the first delivery.</param>
public sealed record OutboxDelivery(Guid Id, string Type, string PartitionKey, DateTimeOffset OccurredAt, string Body, int Attempt);

/// <summary>The outbox's internal message types (the published ones are <see cref="DomainEvents.Types"/>).</summary>
public static class OutboxMessageTypes
{
    /// <summary>An account email, sealed with the field protector (see <c>Mail/AccountEmailMessages</c>).</summary>
    public const string AccountEmail = "account.email";

    /// <summary>Messages whose content is a secret: removed as soon as they are delivered instead of kept for the retention period.</summary>
    public static bool IsPurgedOnDelivery(string type) => string.Equals(type, AccountEmail, StringComparison.Ordinal);
}
