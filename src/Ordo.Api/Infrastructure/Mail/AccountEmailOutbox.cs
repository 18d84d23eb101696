using System.Threading.Channels;

namespace Ordo.Api.Infrastructure.Mail;

/// <summary>In-memory queue of account emails, drained by <see cref="AccountEmailDispatcher"/>.</summary>
public sealed partial class AccountEmailOutbox(ILogger<AccountEmailOutbox> logger)
{
    private readonly Channel<AccountEmail> _channel = Channel.CreateBounded<AccountEmail>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public ChannelReader<AccountEmail> Reader => _channel.Reader;

    public void Enqueue(AccountEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (!_channel.Writer.TryWrite(email))
        {
            LogDropped(logger, email.Kind, email.RecipientId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The account email queue is full; dropped a {Kind} message to {RecipientId}")]
    private static partial void LogDropped(ILogger logger, AccountEmailKind kind, Guid recipientId);
}
