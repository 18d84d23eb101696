using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Ordo.Api.Infrastructure.Messaging;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Webhooks;

namespace Ordo.Api.Features.Webhooks;

/// <summary>What a subscription accepts: its URL, its event types, its secrets (ADR 0024).</summary>
public static class WebhookRules
{
    public const string AllTypes = "*";
    public const string SecretPrefix = "whsec_";
    public const int DefaultOverlapSeconds = 24 * 60 * 60;
    public const int MaxOverlapSeconds = 7 * 24 * 60 * 60;

    /// <summary>Reasons a subscription is disabled, as stored and shown.</summary>
    public const string DisabledByUser = "disabled_by_user";
    public const string Gone = "gone";
    public const string ConsecutiveFailures = "consecutive_failures";

    /// <summary>The URL as given when it is acceptable; a literal IP host is checked against the address policy right away.</summary>
    public static Result<Uri> CheckUrl(string? text, WebhookOptions options, WebhookAddressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(text) || text.Length > WebhookSubscription.MaxUrlLength
            || !Uri.TryCreate(text, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
        {
            return WebhookErrors.InvalidUrl.Error("The URL must be absolute, with a host, and at most 2048 characters.");
        }

        if (url.Scheme != Uri.UriSchemeHttps && !(options.AllowHttp && url.Scheme == Uri.UriSchemeHttp))
        {
            return WebhookErrors.InvalidUrl.Error(options.AllowHttp ? "The URL must be https:// or http://." : "The URL must be https://.");
        }

        if (url.UserInfo.Length > 0)
        {
            return WebhookErrors.InvalidUrl.Error("The URL must not hold a user name or password; authenticate deliveries by their signature.");
        }

        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) && !policy.Allows(literal))
        {
            return WebhookErrors.TargetRefused.Error("The URL's host is a private, loopback, link-local or reserved address.");
        }

        return url;
    }

    /// <summary>The types as stored (catalogue order, space-separated), or <c>*</c>.</summary>
    public static Result<string> CheckEventTypes(IReadOnlyList<string>? types)
    {
        if (types is null || types.Count == 0)
        {
            return WebhookErrors.UnknownEventTypes.Error("Name at least one event type, or \"*\" for all.");
        }

        if (types.Count == 1 && types[0] == AllTypes)
        {
            return AllTypes;
        }

        var unknown = types.Where(type => !DomainEvents.IsPublished(type)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return WebhookErrors.UnknownEventTypes.Error("These are not published event types: " + string.Join(", ", unknown) + ".");
        }

        return string.Join(' ', DomainEvents.Types.Where(type => types.Contains(type, StringComparer.Ordinal)));
    }

    public static IReadOnlyList<string> EventTypesOf(string stored) =>
        stored == AllTypes ? [AllTypes] : stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static bool Receives(string storedTypes, string eventType) =>
        storedTypes == AllTypes || EventTypesOf(storedTypes).Contains(eventType, StringComparer.Ordinal);

    /// <summary>A new signing secret: 32 random bytes, base64url, behind <c>whsec_</c>.</summary>
    public static string NewSecret() => SecretPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secrets to sign with now, newest first: the current one, and the previous one within its overlap.</summary>
    public static IReadOnlyList<string> SigningSecrets(WebhookSubscription subscription, IFieldProtector protector, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(protector);
        var secrets = new List<string> { protector.Unprotect(subscription.SecretSealed) };
        if (subscription.PreviousSecretSealed is { } previous && subscription.PreviousSecretExpiresAt > now)
        {
            secrets.Add(protector.Unprotect(previous));
        }

        return secrets;
    }

    /// <summary>
    /// What logs and the audit trail show of a receiver URL: scheme, host and port, and a fingerprint of the whole URL
    /// (the first 16 hex digits of its SHA-256) to tell two URLs apart. Path and query are left out: receivers such as
    /// Slack's carry their token in the path, and audit rows can never be deleted.
    /// </summary>
    public static string Redacted(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            ? $"{parsed.GetLeftPart(UriPartial.Authority)}/… (sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url)))[..16]})"
            : "(invalid)";
}
