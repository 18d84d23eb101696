using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Telemetry;
using Ordo.Persistence;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// The sign-in rules shared by the password grant and the sign-in page. Every failure before the second factor
/// reads the same and costs the same (a hash is computed even for unknown emails, and every failure writes one audit
/// entry), so responses don't tell whether an account exists, is locked or is disabled. The audit trail records why
/// (never the email tried: for an unknown account the entry names no user).
/// </summary>
public sealed partial class UserSignIn(
    UserManager<OrdoUser> users, OrdoDbContext db, IOptions<AuthOptions> options, IPasswordHasher<OrdoUser> hasher, FailedAttempts failures,
    AuditTrail audit, OrdoMetrics metrics, ILogger<UserSignIn> logger)
{
    /// <summary>Why a sign-in failed, as the audit trail records it (never shown to the caller).</summary>
    public static class FailureReasons
    {
        public const string UnknownAccount = "unknown_account";
        public const string LockedOut = "locked_out";
        public const string WrongPassword = "wrong_password";
        public const string Disabled = "disabled";
        public const string EmailNotConfirmed = "email_not_confirmed";
        public const string WrongCode = "wrong_code";
    }

    public const string InvalidCredentials = "The email or password is incorrect, or this account cannot sign in.";
    public const string MfaCodeRequired = "mfa_required: this account uses two-step verification; send the current authenticator code or a recovery code as 'otp'.";
    public const string MfaCodeInvalid = "The verification code is incorrect.";
    public const string MfaEnrolmentRequired = "mfa_enrolment_required: this account must set up two-step verification at the sign-in page first.";

    // A real Argon2id hash of a random password, verified for unknown accounts so they take as long as known ones.
    private static readonly Lazy<string> DecoyHash = new(() =>
        new Argon2idPasswordHasher<OrdoUser>(Options.Create(new PasswordHashingOptions())).HashPassword(new OrdoUser(), Guid.NewGuid().ToString()));

    public sealed record Outcome(OrdoUser? User, string? Error)
    {
        public static Outcome Denied(string error) => new(null, error);
    }

    /// <summary>First factor: the password, with lockout. Returns the user when it matched and the user may sign in.</summary>
    public async Task<Outcome> CheckPasswordAsync(string email, string password)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null || await users.IsLockedOutAsync(user))
        {
            hasher.VerifyHashedPassword(new OrdoUser(), DecoyHash.Value, password);
            await RecordFailedAsync(user, user is null ? FailureReasons.UnknownAccount : FailureReasons.LockedOut);
            return Outcome.Denied(InvalidCredentials);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await failures.CountAsync(user, CancellationToken.None);
            LogPasswordFailed(logger, user.Id);
            await RecordFailedAsync(user, FailureReasons.WrongPassword);
            return Outcome.Denied(InvalidCredentials);
        }

        var mustConfirm = user.CustomerId is not null && options.Value.RequireConfirmedEmail && !user.EmailConfirmed;
        if (user.IsDisabled || mustConfirm)
        {
            await RecordFailedAsync(user, user.IsDisabled ? FailureReasons.Disabled : FailureReasons.EmailNotConfirmed);
            return Outcome.Denied(InvalidCredentials);
        }

        return new Outcome(user, null);
    }

    /// <summary>
    /// Records a refused sign-in in a transaction of its own (it survives the refusal). The actor is the account tried,
    /// or <c>anonymous</c> when there is none; the email tried is never recorded.
    /// </summary>
    public Task RecordFailedAsync(OrdoUser? user, string reason)
    {
        metrics.SignInFailed(reason);
        return audit.RecordRefusalAsync(
            AuditActions.SignInFailed, AuditResources.User, user?.Id.ToString(), AuditOutcomes.Failed,
            AuditChanges.Create().Value("reason", reason), actor: user?.Id.ToString() ?? Http.Caller.Anonymous);
    }

    /// <summary>Records a completed sign-in (<paramref name="method"/>: <c>password_grant</c> or <c>sign_in_page</c>).</summary>
    public Task RecordSignedInAsync(OrdoUser user, string method, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return audit.RecordAsync(
            AuditActions.SignedIn, AuditResources.User, user.Id.ToString(), AuditChanges.Create().Value("method", method).Value("mfa", user.TwoFactorEnabled),
            actor: user.Id.ToString(), cancellationToken: cancellationToken);
    }

    /// <summary>Second factor: a TOTP code or an unused recovery code for enrolled users; refusal for users who must enrol.</summary>
    public async Task<Outcome> CheckSecondFactorAsync(OrdoUser user, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        // The code step can be a request of its own (the sign-in page): a locked account gets no more guesses there either.
        if (await users.IsLockedOutAsync(user))
        {
            await RecordFailedAsync(user, FailureReasons.LockedOut);
            return Outcome.Denied(InvalidCredentials);
        }

        if (user.TwoFactorEnabled)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return Outcome.Denied(MfaCodeRequired);
            }

            var normalized = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            var valid = await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, normalized)
                || (await users.RedeemTwoFactorRecoveryCodeAsync(user, code.Trim())).Succeeded;
            if (!valid)
            {
                await failures.CountAsync(user, CancellationToken.None);
                await RecordFailedAsync(user, FailureReasons.WrongCode);
                return Outcome.Denied(MfaCodeInvalid);
            }
        }
        else if (await MustEnrolInMfaAsync(user, cancellationToken))
        {
            return Outcome.Denied(MfaEnrolmentRequired);
        }

        await users.ResetAccessFailedCountAsync(user);
        return new Outcome(user, null);
    }

    public async Task<Outcome> WithPasswordAsync(string email, string password, string? otp, CancellationToken cancellationToken)
    {
        var first = await CheckPasswordAsync(email, password);
        return first.User is null ? first : await CheckSecondFactorAsync(first.User, otp, cancellationToken);
    }

    /// <summary>For the code and refresh grants: the user must still exist, be enabled and hold the same session.</summary>
    public async Task<Outcome> RenewAsync(ClaimsPrincipal? previous, CancellationToken cancellationToken)
    {
        var subject = previous?.GetClaim(Claims.Subject);
        var user = subject is null ? null : await users.FindByIdAsync(subject);
        var sameSession = user is not null
            && previous!.GetClaim(IdentityRegistration.SessionVersionClaim) == user.SessionVersion.ToString(CultureInfo.InvariantCulture);
        return user is null || user.IsDisabled || !sameSession || await users.IsLockedOutAsync(user)
            ? Outcome.Denied("The grant is no longer valid.")
            : new Outcome(user, null);
    }

    public async Task<bool> MustEnrolInMfaAsync(OrdoUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var settings = options.Value;
        if (!settings.EnforceMfa || settings.MfaRequiredFor.Length == 0)
        {
            return false;
        }

        var required = settings.MfaRequiredFor;
        return await AccessProfiles.PermissionsOf(db, user.Id).AnyAsync(p => required.Contains(p), cancellationToken);
    }

    /// <summary>The token's identity: subject, kind and session version, for the Ordo API audience.</summary>
    public ClaimsPrincipal PrincipalFor(OrdoUser user, IEnumerable<string> requestedScopes)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Subject, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(IdentityRegistration.KindClaim, user.CustomerId is null ? "Staff" : "Customer")
            .SetClaim(IdentityRegistration.SessionVersionClaim, user.SessionVersion.ToString(CultureInfo.InvariantCulture));
        identity.SetScopes(requestedScopes.Where(scope => scope is Scopes.OpenId or Scopes.OfflineAccess));
        identity.SetAudiences(AuthOptions.Audience);
        identity.SetRefreshTokenLifetime(user.CustomerId is null ? options.Value.StaffRefreshTokenLifetime : options.Value.CustomerRefreshTokenLifetime);
        identity.SetDestinations(claim => claim.Type == Claims.Subject
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Password check failed for user {UserId}")]
    private static partial void LogPasswordFailed(ILogger logger, Guid userId);
}
