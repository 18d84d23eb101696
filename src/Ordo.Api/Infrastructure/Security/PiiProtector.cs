using System.Buffers.Text;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ordo.Api.Infrastructure.Security;

/// <summary>
/// Encrypts customer PII for storage (AES-256-GCM, <c>{keyId}:{base64url(nonce|ciphertext|tag)}</c>) and derives the
/// blind index that lets the database look values up and keep them unique without holding them in clear text.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="AesGcm"/> instances are not, so each call creates its own. The key id is the associated
/// data, so a value relabelled with another key id fails authentication instead of decrypting under the wrong key.
/// </remarks>
public sealed class PiiProtector : Ordo.Persistence.IFieldProtector
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const char Separator = ':';

    private readonly FrozenDictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;
    private readonly byte[] _blindIndexKey;

    public PiiProtector(IOptions<PiiProtectionOptions> options)
    {
        var settings = options.Value;
        _keys = settings.Keys.ToFrozenDictionary(
            key => key.Key,
            key => PiiProtectionOptions.DecodeKey(key.Value) ?? throw InvalidOptions(),
            StringComparer.Ordinal);
        _activeKeyId = settings.ActiveKeyId is { } activeKeyId && _keys.ContainsKey(activeKeyId) ? activeKeyId : throw InvalidOptions();
        _blindIndexKey = PiiProtectionOptions.DecodeKey(settings.BlindIndexKey) ?? throw InvalidOptions();
    }

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);

        var message = Encoding.UTF8.GetBytes(plaintext);
        var sealedMessage = new byte[NonceBytes + message.Length + TagBytes];
        var nonce = sealedMessage.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys[_activeKeyId], TagBytes))
        {
            aes.Encrypt(
                nonce,
                message,
                sealedMessage.AsSpan(NonceBytes, message.Length),
                sealedMessage.AsSpan(NonceBytes + message.Length),
                Encoding.ASCII.GetBytes(_activeKeyId));
        }

        return _activeKeyId + Separator + Base64Url.EncodeToString(sealedMessage);
    }

    /// <exception cref="CryptographicException">
    /// The value is malformed, names no configured key or fails authentication: stored data is corrupt or was tampered with.
    /// </exception>
    public string Unprotect(string protectedValue)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);

        var separator = protectedValue.IndexOf(Separator, StringComparison.Ordinal);
        var keyId = separator > 0 ? protectedValue[..separator] : string.Empty;
        if (!PiiProtectionOptions.IsValidKeyId(keyId))
        {
            throw new CryptographicException("The protected value does not start with a key id.");
        }

        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"The protected value was encrypted with key id '{keyId}', which is not in Pii:Keys.");
        }

        var encoded = protectedValue.AsSpan(separator + 1);
        if (!Base64Url.IsValid(encoded, out var sealedLength) || sealedLength < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The protected value is not a sealed message.");
        }

        var sealedMessage = Base64Url.DecodeFromChars(encoded);
        var cipherLength = sealedMessage.Length - NonceBytes - TagBytes;
        var message = new byte[cipherLength];
        using (var aes = new AesGcm(key, TagBytes))
        {
            // Throws AuthenticationTagMismatchException (a CryptographicException) when anything was altered.
            aes.Decrypt(
                sealedMessage.AsSpan(0, NonceBytes),
                sealedMessage.AsSpan(NonceBytes, cipherLength),
                sealedMessage.AsSpan(NonceBytes + cipherLength),
                message,
                Encoding.ASCII.GetBytes(keyId));
        }

        return Encoding.UTF8.GetString(message);
    }

    /// <summary>
    /// Deterministic keyed hash (HMAC-SHA256, lowercase hex) of a value the caller has already normalised, for equality
    /// lookups and unique indexes. Without the key it can't be reversed or precomputed from a list of candidates.
    /// </summary>
    public string BlindIndex(string normalizedValue)
    {
        ArgumentNullException.ThrowIfNull(normalizedValue);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_blindIndexKey, Encoding.UTF8.GetBytes(normalizedValue)));
    }

    private static InvalidOperationException InvalidOptions() =>
        new($"{nameof(PiiProtectionOptions)} were not validated; register them with AddOrdoPiiProtection.");
}
