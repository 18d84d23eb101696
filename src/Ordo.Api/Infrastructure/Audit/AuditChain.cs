using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ordo.Persistence.Audit;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>
/// The chain's arithmetic, as ADR 0021 defines it: an entry's hash is
/// <c>SHA-256(previous hash as 32 raw bytes ‖ canonical form)</c>, written as 64 lowercase hex digits. The canonical
/// form is the version tag followed by the fields in a fixed order, each as a 4-byte big-endian length and its UTF-8
/// bytes (a null as the length 0xFFFFFFFF and no bytes), so no value can be mistaken for a neighbour.
/// </summary>
public static class AuditChain
{
    public const string Version = "ordo-audit-v1";

    /// <summary>Times are hashed as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> in UTC, the precision both databases keep after rounding.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>Audit times are kept to 100 µs (what SQLite stores; PostgreSQL keeps it exactly), so they hash as read back.</summary>
    public static DateTimeOffset Stored(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 1_000), TimeSpan.Zero);
    }

    public static string HashOf(string previousHash, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(entry);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Convert.FromHexString(previousHash));
        hash.AppendData(CanonicalForm(entry));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static byte[] CanonicalForm(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in (string?[])
        [
            Version,
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.OccurredAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
            entry.Actor,
            entry.IpAddress,
            entry.UserAgent,
            entry.Action,
            entry.ResourceType,
            entry.ResourceId,
            entry.Outcome,
            entry.Changes,
            entry.TraceId,
        ])
        {
            if (field is null)
            {
                BinaryPrimitives.WriteUInt32BigEndian(length, uint.MaxValue);
                buffer.Write(length);
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }
}
