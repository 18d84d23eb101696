using System.Text.Json;
using System.Text.Json.Nodes;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Persistence;
using Ordo.Persistence.Outbox;

namespace Ordo.Api.Infrastructure.Mail;

/// <summary>
/// Account emails as outbox messages: the whole message (address, subject, body with its one-time link) sealed with the
/// field protector, so a dump of the outbox shows neither the address nor the token. Removed once sent.
/// </summary>
public static class AccountEmailMessages
{
    public const string Type = OutboxMessageTypes.AccountEmail;

    public static OutboxMessage Seal(AccountEmail email, IFieldProtector protector, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(protector);
        var json = new JsonObject
        {
            ["recipientId"] = email.RecipientId,
            ["to"] = email.To,
            ["kind"] = email.Kind.ToString(),
            ["subject"] = email.Subject,
            ["body"] = email.Body,
            ["link"] = email.Link?.AbsoluteUri,
        };
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Type = Type,
            PartitionKey = $"user:{email.RecipientId}",
            Body = protector.Protect(json.ToJsonString()),
            OccurredAt = now,
            NextAttemptAt = now,
        };
    }

    public static AccountEmail Open(string body, IFieldProtector protector)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var json = JsonNode.Parse(protector.Unprotect(body))?.AsObject() ?? throw new JsonException("An account email message is empty.");
        var link = (string?)json["link"];
        return new AccountEmail(
            (Guid)json["recipientId"]!,
            (string)json["to"]!,
            Enum.Parse<AccountEmailKind>((string)json["kind"]!),
            (string)json["subject"]!,
            (string)json["body"]!,
            link is null ? null : new Uri(link));
    }
}

/// <summary>Feeds account emails from the outbox to <see cref="IAccountEmailSender"/> (SMTP, or a log line).</summary>
public sealed class AccountEmailConsumer(IAccountEmailSender sender, IFieldProtector protector) : IOutboxConsumer
{
    public bool Consumes(string type) => string.Equals(type, AccountEmailMessages.Type, StringComparison.Ordinal);

    public Task DeliverAsync(OutboxDelivery message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return sender.SendAsync(AccountEmailMessages.Open(message.Body, protector), cancellationToken);
    }
}
