namespace Ordo.Api.Infrastructure.Mail;

/// <summary>No SMTP configured: records that a message was sent; only in Development does it show the link.</summary>
public sealed partial class LoggingAccountEmailSender(IHostEnvironment environment, ILogger<LoggingAccountEmailSender> logger) : IAccountEmailSender
{
    public Task SendAsync(AccountEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (environment.IsDevelopment() && email.Link is not null)
        {
            LogSentWithLink(logger, email.Kind, email.RecipientId, email.Link);
        }
        else
        {
            LogSent(logger, email.Kind, email.RecipientId);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email of kind {Kind} sent to user {RecipientId} (no SMTP configured; logged only)")]
    private static partial void LogSent(ILogger logger, AccountEmailKind kind, Guid recipientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email of kind {Kind} sent to user {RecipientId} (Development, no SMTP): {Link}")]
    private static partial void LogSentWithLink(ILogger logger, AccountEmailKind kind, Guid recipientId, Uri link);
}
