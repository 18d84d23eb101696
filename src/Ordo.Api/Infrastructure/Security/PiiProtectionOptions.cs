using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Configuration;

namespace Ordo.Api.Infrastructure.Security;

/// <summary>
/// Keys that encrypt customer PII at rest. A secret: there is no default outside appsettings.Development.json.
/// Rotate by adding a key, pointing <see cref="ActiveKeyId"/> at it and keeping the old one until its data is re-encrypted.
/// </summary>
public sealed class PiiProtectionOptions
{
    public const string Section = "Pii";
    public const int EncryptionKeyBytes = 32;
    public const int MinimumBlindIndexKeyBytes = 32;

    /// <summary>Development defaults are written <c>DEVELOPMENT-ONLY:&lt;base64&gt;</c> so the start-up guard refuses them elsewhere.</summary>
    public const string DevelopmentOnlyPrefix = DevelopmentOnlyValues.Marker + ":";

    /// <summary>AES-256-GCM keys by key id; the id travels with every value so retired keys still decrypt.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>The key new values are encrypted with.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>HMAC-SHA256 key for the blind index (lookup and uniqueness by email); changing it invalidates every index.</summary>
    public string? BlindIndexKey { get; set; }

    /// <summary>Decodes a configured key (base64, optionally behind <see cref="DevelopmentOnlyPrefix"/>); null when it isn't one.</summary>
    internal static byte[]? DecodeKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var base64 = value.StartsWith(DevelopmentOnlyPrefix, StringComparison.Ordinal) ? value[DevelopmentOnlyPrefix.Length..] : value;
        var key = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, key, out var written) ? key[..written] : null;
    }

    internal static bool IsValidKeyId(string? keyId) =>
        keyId is { Length: >= 1 and <= 16 } && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

internal sealed class PiiProtectionOptionsValidator : IValidateOptions<PiiProtectionOptions>
{
    private const string KeysSetting = PiiProtectionOptions.Section + ":" + nameof(PiiProtectionOptions.Keys);
    private const string ActiveKeyIdSetting = PiiProtectionOptions.Section + ":" + nameof(PiiProtectionOptions.ActiveKeyId);
    private const string BlindIndexKeySetting = PiiProtectionOptions.Section + ":" + nameof(PiiProtectionOptions.BlindIndexKey);

    // Messages name settings and key ids, never key material.
    public ValidateOptionsResult Validate(string? name, PiiProtectionOptions options)
    {
        var failures = new List<string>();
        var encryptionKeys = new List<byte[]>();

        if (options.Keys.Count == 0)
        {
            failures.Add($"{KeysSetting} is required: at least one key id with a base64-encoded {PiiProtectionOptions.EncryptionKeyBytes}-byte key.");
        }

        foreach (var (keyId, value) in options.Keys.OrderBy(key => key.Key, StringComparer.Ordinal))
        {
            if (!PiiProtectionOptions.IsValidKeyId(keyId))
            {
                failures.Add($"{KeysSetting}:{keyId} is not a valid key id; use 1 to 16 letters, digits or '-'.");
            }
            else if (PiiProtectionOptions.DecodeKey(value) is { Length: PiiProtectionOptions.EncryptionKeyBytes } key)
            {
                encryptionKeys.Add(key);
            }
            else
            {
                failures.Add($"{KeysSetting}:{keyId} must be a base64-encoded {PiiProtectionOptions.EncryptionKeyBytes}-byte key.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ActiveKeyId))
        {
            failures.Add($"{ActiveKeyIdSetting} is required.");
        }
        else if (!options.Keys.Keys.Contains(options.ActiveKeyId, StringComparer.Ordinal))
        {
            failures.Add($"{ActiveKeyIdSetting} '{options.ActiveKeyId}' names no key in {KeysSetting}.");
        }

        if (string.IsNullOrWhiteSpace(options.BlindIndexKey))
        {
            failures.Add($"{BlindIndexKeySetting} is required.");
        }
        else if (PiiProtectionOptions.DecodeKey(options.BlindIndexKey) is not { Length: >= PiiProtectionOptions.MinimumBlindIndexKeyBytes } blindIndexKey)
        {
            failures.Add($"{BlindIndexKeySetting} must be a base64-encoded key of at least {PiiProtectionOptions.MinimumBlindIndexKeyBytes} bytes.");
        }
        else if (encryptionKeys.Exists(key => key.AsSpan().SequenceEqual(blindIndexKey)))
        {
            // One key for two algorithms couples their security; keep them independent.
            failures.Add($"{BlindIndexKeySetting} must differ from every key in {KeysSetting}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
