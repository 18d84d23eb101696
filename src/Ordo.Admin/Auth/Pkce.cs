using System.Security.Cryptography;
using System.Text;

namespace Ordo.Admin.Auth;

/// <summary>RFC 7636 proof key: a random verifier kept by the panel and its S256 challenge sent with the request.</summary>
public static class Pkce
{
    public static string NewVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string NewState() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public static string ChallengeOf(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
