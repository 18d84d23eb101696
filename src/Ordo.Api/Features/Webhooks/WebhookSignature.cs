using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ordo.Api.Features.Webhooks;

/// <summary>
/// The <c>Ordo-Signature</c> header, Stripe's scheme: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, t + "." + body)&gt;</c>,
/// with one <c>v1</c> per secret in force (the newest first) while a rotated-out secret is within its overlap.
/// The secret is the whole <c>whsec_...</c> string, used as UTF-8 bytes (docs/events.md).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Ordo-Signature";

    /// <summary>How far a receiver should let <c>t</c> stray from its own clock (seconds); documented, not enforced here.</summary>
    public const int ToleranceSeconds = 300;

    public static string HeaderValue(long timestamp, ReadOnlySpan<byte> body, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var header = new StringBuilder("t=").Append(timestamp.ToString(CultureInfo.InvariantCulture));
        foreach (var secret in secrets)
        {
            header.Append(",v1=").Append(Compute(secret, timestamp, body));
        }

        return header.ToString();
    }

    /// <summary>Lower-case hex of HMAC-SHA256 over <c>t + "." + body</c>.</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
