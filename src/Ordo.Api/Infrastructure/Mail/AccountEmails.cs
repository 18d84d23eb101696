using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Mail;

/// <summary>
/// Writes the account emails into the outbox and saves them, in the caller's transaction when it has one: the email
/// exists exactly when the account change it belongs to committed, and survives a restart. The outbox dispatcher sends
/// it off the request, so a response never takes longer because a message was sent (which would tell a caller whether
/// an account exists).
/// </summary>
public sealed class AccountEmails(
    OrdoDbContext db, IFieldProtector protector, TimeProvider time, IOptions<EmailOptions> email, IOptions<AuthOptions> auth, IHttpContextAccessor http)
{
    public Task QueueConfirmationAsync(OrdoUser user, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var link = LinkTo("account/confirm-email", new Dictionary<string, string?> { ["userId"] = user.Id.ToString(), ["token"] = token });
        return QueueAsync(new AccountEmail(user.Id, user.Email!, AccountEmailKind.ConfirmEmail, "Confirm your Ordo account",
            $"Welcome to Ordo. Confirm your email address by opening this link:\n\n{link}\n\nIf you did not create an account, ignore this message.", link), cancellationToken);
    }

    public Task QueuePasswordResetAsync(OrdoUser user, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var link = LinkTo("account/reset-password", new Dictionary<string, string?> { ["token"] = token });
        return QueueAsync(new AccountEmail(user.Id, user.Email!, AccountEmailKind.PasswordReset, "Reset your Ordo password",
            $"Someone asked to reset the password of your Ordo account. To choose a new password, open this link:\n\n{link}\n\nIf it was not you, ignore this message; your password stays as it is.", link), cancellationToken);
    }

    /// <summary>
    /// To the new address of an account whose email is being changed: its link (to the confirmation page, which posts
    /// to <c>POST /api/v1/account/confirm-email-change</c>) makes the change.
    /// </summary>
    public Task QueueEmailChangeAsync(OrdoUser user, string newAddress, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var link = LinkTo("account/confirm-email-change", new Dictionary<string, string?>
        {
            ["userId"] = user.Id.ToString(),
            ["email"] = newAddress,
            ["token"] = token,
        });
        return QueueAsync(new AccountEmail(user.Id, newAddress, AccountEmailKind.ConfirmEmailChange, "Confirm your new email address for Ordo",
            $"Someone asked to use this address for an Ordo account. To confirm it, open this link:\n\n{link}\n\nIf it was not you, ignore this message; nothing changes.", link), cancellationToken);
    }

    /// <summary>To the holder of an address someone tried to register again (they learn of it; the caller does not).</summary>
    public Task QueueRegistrationAttemptAsync(Guid recipientId, string address, CancellationToken cancellationToken)
    {
        var link = LinkTo("account/forgot-password", new Dictionary<string, string?>());
        return QueueAsync(new AccountEmail(recipientId, address, AccountEmailKind.RegistrationAttempt, "Someone tried to register with your email",
            $"Someone tried to create an Ordo account with this email address, which already has one. If it was you, sign in or reset your password:\n\n{link}\n\nIf it was not you, no action is needed.", link), cancellationToken);
    }

    private async Task QueueAsync(AccountEmail message, CancellationToken cancellationToken)
    {
        db.OutboxMessages.Add(AccountEmailMessages.Seal(message, protector, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }

    private Uri LinkTo(string path, IDictionary<string, string?> query)
    {
        var root = email.Value.LinkBase ?? auth.Value.Issuer
            ?? Issuers.For(auth.Value, (http.HttpContext ?? throw new InvalidOperationException("Account emails are written while serving a request.")).Request);
        return new Uri(QueryHelpers.AddQueryString(new Uri(root, path).AbsoluteUri, query));
    }
}
