using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Configuration;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>
/// <c>Audit:CheckpointKey</c>: the HMAC-SHA256 key that signs checkpoints, base64, at least 32 bytes. A secret kept
/// outside the database (whoever can rewrite the table must not be able to sign). The development default is written
/// <c>DEVELOPMENT-ONLY:&lt;base64&gt;</c> and refused in every other environment.
/// </summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";
    public const int MinimumKeyBytes = 32;
    private const string DevelopmentOnlyPrefix = DevelopmentOnlyValues.Marker + ":";

    /// <summary>
    /// The HMAC-SHA256 key that signs audit checkpoints: base64, at least 32 bytes, kept outside the database. Unset, the
    /// hourly checkpoint job skips and no checkpoint is written.
    /// </summary>
    public string? CheckpointKey { get; set; }

    /// <summary>
    /// Identical authorization denials within this window are recorded once, the next entry carrying how many were not
    /// (see <see cref="RefusalThrottle"/>). Zero records every one.
    /// </summary>
    public TimeSpan RefusalWindow { get; set; } = TimeSpan.FromMinutes(1);

    internal byte[]? CheckpointKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(CheckpointKey))
        {
            return null;
        }

        var base64 = CheckpointKey.StartsWith(DevelopmentOnlyPrefix, StringComparison.Ordinal) ? CheckpointKey[DevelopmentOnlyPrefix.Length..] : CheckpointKey;
        var key = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, key, out var written) ? key[..written] : null;
    }
}

internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.CheckpointKey) && options.CheckpointKeyBytes() is not { Length: >= AuditOptions.MinimumKeyBytes })
        {
            failures.Add($"{AuditOptions.Section}:{nameof(AuditOptions.CheckpointKey)} must be a base64-encoded key of at least {AuditOptions.MinimumKeyBytes} bytes.");
        }

        if (options.RefusalWindow < TimeSpan.Zero || options.RefusalWindow > TimeSpan.FromHours(1))
        {
            failures.Add($"{AuditOptions.Section}:{nameof(AuditOptions.RefusalWindow)} must be between 00:00:00 and 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
