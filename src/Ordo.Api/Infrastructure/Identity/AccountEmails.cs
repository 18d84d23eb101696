using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using MimeKit;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

public enum AccountEmailKind
{
    ConfirmEmail,
    PasswordReset,
    RegistrationAttempt,
    ConfirmEmailChange,
}

/// <summary>One message to an account holder. <see cref="Link"/> carries the one-time token, if the message has one.</summary>
public sealed record AccountEmail(Guid RecipientId, string To, AccountEmailKind Kind, string Subject, string Body, Uri? Link);

/// <summary>Delivers account emails (SMTP when configured, otherwise a log line).</summary>
public interface IAccountEmailSender
{
    Task SendAsync(AccountEmail email, CancellationToken cancellationToken);
}

/// <summary>Section <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Where the links in emails point (the shop or admin front end); defaults to the issuer (<see cref="Issuers"/>).</summary>
    public Uri? LinkBase { get; set; }

    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Section <c>Email:Smtp</c>; SMTP is used when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool UseStartTls { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? From { get; set; }
}

/// <summary>
/// Writes the account emails and queues them: sending happens off the request, so a response never takes longer
/// because a message was sent (which would tell a caller whether an account exists).
/// </summary>
public sealed class AccountEmails(AccountEmailOutbox queue, IOptions<EmailOptions> email, IOptions<AuthOptions> auth, IHttpContextAccessor http)
{
    public void QueueConfirmation(OrdoUser user, string token)
    {
        ArgumentNullException.ThrowIfNull(user);
        var link = LinkTo("account/confirm-email", new Dictionary<string, string?> { ["userId"] = user.Id.ToString(), ["token"] = token });
        queue.Enqueue(new AccountEmail(user.Id, user.Email!, AccountEmailKind.ConfirmEmail, "Confirm your Ordo account",
            $"Welcome to Ordo. Confirm your email address by opening this link:\n\n{link}\n\nIf you did not create an account, ignore this message.", link));
    }

    public void QueuePasswordReset(OrdoUser user, string token)
    {
        ArgumentNullException.ThrowIfNull(user);
        var link = LinkTo("account/reset-password", new Dictionary<string, string?> { ["token"] = token });
        queue.Enqueue(new AccountEmail(user.Id, user.Email!, AccountEmailKind.PasswordReset, "Reset your Ordo password",
            $"Someone asked to reset the password of your Ordo account. To choose a new password, open this link:\n\n{link}\n\nIf it was not you, ignore this message; your password stays as it is.", link));
    }

    /// <summary>
    /// To the new address of an account whose email is being changed: its link (to the confirmation page, which posts
    /// to <c>POST /api/v1/account/confirm-email-change</c>) makes the change.
    /// </summary>
    public void QueueEmailChange(OrdoUser user, string newAddress, string token)
    {
        ArgumentNullException.ThrowIfNull(user);
        var link = LinkTo("account/confirm-email-change", new Dictionary<string, string?>
        {
            ["userId"] = user.Id.ToString(),
            ["email"] = newAddress,
            ["token"] = token,
        });
        queue.Enqueue(new AccountEmail(user.Id, newAddress, AccountEmailKind.ConfirmEmailChange, "Confirm your new email address for Ordo",
            $"Someone asked to use this address for an Ordo account. To confirm it, open this link:\n\n{link}\n\nIf it was not you, ignore this message; nothing changes.", link));
    }

    /// <summary>To the holder of an address someone tried to register again (they learn of it; the caller does not).</summary>
    public void QueueRegistrationAttempt(Guid recipientId, string address)
    {
        var link = LinkTo("account/forgot-password", new Dictionary<string, string?>());
        queue.Enqueue(new AccountEmail(recipientId, address, AccountEmailKind.RegistrationAttempt, "Someone tried to register with your email",
            $"Someone tried to create an Ordo account with this email address, which already has one. If it was you, sign in or reset your password:\n\n{link}\n\nIf it was not you, no action is needed.", link));
    }

    private Uri LinkTo(string path, IDictionary<string, string?> query)
    {
        var root = email.Value.LinkBase ?? auth.Value.Issuer
            ?? Issuers.For(auth.Value, (http.HttpContext ?? throw new InvalidOperationException("Account emails are written while serving a request.")).Request);
        return new Uri(QueryHelpers.AddQueryString(new Uri(root, path).AbsoluteUri, query));
    }
}

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

public static class AccountEmailRegistration
{
    public static IServiceCollection AddOrdoAccountEmails(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .Validate(email => string.IsNullOrWhiteSpace(email.Smtp.Host) || !string.IsNullOrWhiteSpace(email.Smtp.From),
                "Email:Smtp:From is required when Email:Smtp:Host is set.")
            .ValidateOnStart();
        services.AddSingleton<AccountEmailOutbox>();
        services.AddScoped<AccountEmails>();
        services.AddHostedService<AccountEmailDispatcher>();
        if (string.IsNullOrWhiteSpace(configuration[$"{EmailOptions.Section}:Smtp:Host"]))
        {
            services.AddSingleton<IAccountEmailSender, LoggingAccountEmailSender>();
        }
        else
        {
            services.AddSingleton<IAccountEmailSender, SmtpAccountEmailSender>();
        }

        return services;
    }
}
