namespace Ordo.Api.Infrastructure.Mail;

/// <summary>Section <c>Email:Smtp</c>; SMTP is used when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    /// <summary>The SMTP server; unset, account emails are only logged (with their link in Development).</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP server's port (587: submission).</summary>
    public int Port { get; set; } = 587;

    /// <summary>Require STARTTLS on the connection; off, the client negotiates TLS as the server offers it.</summary>
    public bool UseStartTls { get; set; } = true;

    /// <summary>The SMTP account; unset, the client does not authenticate.</summary>
    public string? UserName { get; set; }

    /// <summary>The SMTP account's password (a secret: keep it out of files).</summary>
    public string? Password { get; set; }

    /// <summary>The sender address of account emails; required when <see cref="Host"/> is set.</summary>
    public string? From { get; set; }
}
