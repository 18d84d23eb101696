namespace Ordo.Api.Infrastructure.Mail;

/// <summary>One message to an account holder. <see cref="Link"/> carries the one-time token, if the message has one.</summary>
public sealed record AccountEmail(Guid RecipientId, string To, AccountEmailKind Kind, string Subject, string Body, Uri? Link);
