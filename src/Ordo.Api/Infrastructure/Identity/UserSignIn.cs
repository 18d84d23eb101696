using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Persistence;
using Ordo.Persistence.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// The sign-in rules shared by the password grant and the sign-in page. Every failure before the second factor
/// reads the same and costs the same (a hash is computed even for unknown emails), so responses don't tell whether
/// an account exists, is locked or is disabled.
/// </summary>
public sealed partial class UserSignIn(
    UserManager<OrdoUser> users, OrdoDbContext db, IOptions<AuthOptions> options, IPasswordHasher<OrdoUser> hasher, FailedAttempts failures,
    ILogger<UserSignIn> logger)
{
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
            return Outcome.Denied(InvalidCredentials);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await failures.CountAsync(user, CancellationToken.None);
            LogPasswordFailed(logger, user.Id);
            return Outcome.Denied(InvalidCredentials);
        }

        var mustConfirm = user.CustomerId is not null && options.Value.RequireConfirmedEmail && !user.EmailConfirmed;
        return user.IsDisabled || mustConfirm ? Outcome.Denied(InvalidCredentials) : new Outcome(user, null);
    }

    /// <summary>Second factor: a TOTP code or an unused recovery code for enrolled users; refusal for users who must enrol.</summary>
    public async Task<Outcome> CheckSecondFactorAsync(OrdoUser user, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        // The code step can be a request of its own (the sign-in page): a locked account gets no more guesses there either.
        if (await users.IsLockedOutAsync(user))
        {
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
