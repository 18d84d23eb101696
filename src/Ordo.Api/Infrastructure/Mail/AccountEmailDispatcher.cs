namespace Ordo.Api.Infrastructure.Mail;

public sealed partial class AccountEmailDispatcher(AccountEmailOutbox queue, IAccountEmailSender sender, ILogger<AccountEmailDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await sender.SendAsync(email, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSendFailed(logger, exception, email.Kind, email.RecipientId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending a {Kind} email to {RecipientId} failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, AccountEmailKind kind, Guid recipientId);
}
