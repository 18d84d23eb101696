using Ordo.Api.Infrastructure.Identity;

namespace Ordo.Api.Infrastructure.Mail;

/// <summary>Section <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Where the links in emails point (the shop or admin front end); defaults to the issuer (<see cref="Issuers"/>).</summary>
    public Uri? LinkBase { get; set; }

    public SmtpOptions Smtp { get; set; } = new();
}
