namespace Ordo.Api.Infrastructure.Mail;

/// <summary>Delivers account emails (SMTP when configured, otherwise a log line).</summary>
public interface IAccountEmailSender
{
    Task SendAsync(AccountEmail email, CancellationToken cancellationToken);
}
