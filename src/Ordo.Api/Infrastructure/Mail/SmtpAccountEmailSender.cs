using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ordo.Api.Infrastructure.Mail;

public sealed partial class SmtpAccountEmailSender(IOptions<EmailOptions> options, ILogger<SmtpAccountEmailSender> logger) : IAccountEmailSender
{
    public async Task SendAsync(AccountEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var smtp = options.Value.Smtp;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.Body };

        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.Auto, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        LogSent(logger, email.Kind, email.RecipientId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email of kind {Kind} sent to user {RecipientId} over SMTP")]
    private static partial void LogSent(ILogger logger, AccountEmailKind kind, Guid recipientId);
}
