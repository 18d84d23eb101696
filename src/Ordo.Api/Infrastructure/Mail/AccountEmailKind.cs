namespace Ordo.Api.Infrastructure.Mail;

public enum AccountEmailKind
{
    ConfirmEmail,
    PasswordReset,
    RegistrationAttempt,
    ConfirmEmailChange,
}
