using System.ComponentModel.DataAnnotations;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>Token server and account settings (section <c>Auth</c>). Defaults are the production ones.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The audience of every access token Ordo issues and the only one it accepts.</summary>
    public const string Audience = "ordo-api";

    /// <summary>The public first-party client of the admin panel (authorization code + PKCE, no consent screen).</summary>
    public const string AdminClientId = "ordo-admin";

    /// <summary>
    /// The issuer URI (the public base URI clients use, at the root of its host: <c>https://shop.example/</c>), fixed so
    /// that every instance issues and accepts the same tokens. Required outside Development; in Development, when unset, each request's own base URI is the issuer
    /// (<see cref="Issuers"/>), so the service works on whatever URL it is started on.
    /// </summary>
    public Uri? Issuer { get; set; }

    /// <summary>Refuse token requests over plain HTTP (switched off only for local development and tests).</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>How long an access token (a JWT) is accepted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a staff user's refresh token lasts.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan StaffRefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a customer's refresh token lasts.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan CustomerRefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The resource-owner password grant, for first-party scripts and tests only. Off unless switched on.</summary>
    public bool AllowPasswordGrant { get; set; }

    /// <summary>Whether a customer must confirm their email before signing in.</summary>
    public bool RequireConfirmedEmail { get; set; } = true;

    /// <summary>How long a password-reset link works (email-confirmation links keep a day).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan PasswordResetTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Users holding any of these permissions must enrol in TOTP MFA before they can sign in.</summary>
    public string[] MfaRequiredFor { get; set; } = ["users.manage", "orders.refund"];

    /// <summary>Switches the MFA requirement off (Development).</summary>
    public bool EnforceMfa { get; set; } = true;

    /// <summary>How long a signing key signs before a new one takes over.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan SigningKeyLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a new key is published before it signs, so every instance and resource server knows it first.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan KeyPublicationLead { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each instance re-reads the key set.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often expired and revoked tokens and authorizations older than the longest token lifetime are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan TokenPruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest any token can live: keys stay published this long after they stop signing.</summary>
    public TimeSpan LongestTokenLifetime =>
        new[] { AccessTokenLifetime, StaffRefreshTokenLifetime, CustomerRefreshTokenLifetime }.Max();
}
