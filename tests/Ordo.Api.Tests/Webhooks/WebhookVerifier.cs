// The receiver example of docs/events.md, verbatim between the markers (WebhookDocumentationTests checks they match).
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ordo.Api.Tests.Webhooks;

// docs:csharp-begin
public static class OrdoWebhookVerifier
{
    private const long ToleranceSeconds = 300;

    /// <summary>True when <paramref name="signatureHeader"/> (Ordo-Signature) signs <paramref name="rawBody"/> with
    /// one of <paramref name="secrets"/> and its timestamp is within five minutes of <paramref name="now"/>.</summary>
    public static bool Verify(string signatureHeader, byte[] rawBody, IEnumerable<string> secrets, DateTimeOffset now)
    {
        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in signatureHeader.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2) continue;
            if (pair[0] == "t" && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var t)) timestamp = t;
            else if (pair[0] == "v1" && pair[1].Length == 64)
            {
                try { signatures.Add(Convert.FromHexString(pair[1])); } catch (FormatException) { }
            }
        }

        if (timestamp is null || Math.Abs(now.ToUnixTimeSeconds() - timestamp.Value) > ToleranceSeconds) return false;

        var signedPayload = Encoding.UTF8.GetBytes(timestamp.Value.ToString(CultureInfo.InvariantCulture) + ".").Concat(rawBody).ToArray();
        foreach (var secret in secrets)
        {
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signedPayload);
            if (signatures.Any(signature => CryptographicOperations.FixedTimeEquals(signature, expected))) return true;
        }

        return false;
    }
}
// docs:csharp-end
