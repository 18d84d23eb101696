using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Configuration;
using Ordo.Persistence;
using Ordo.Persistence.Audit;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>
/// A signed statement of where the chain ended at a moment: its last sequence number and hash, with an
/// HMAC-SHA256 over <c>ordo-audit-checkpoint-v1\n{sequence}\n{headHash}\n{at}</c> (at as
/// <see cref="AuditChain.TimeFormat"/>), lowercase hex, under <c>Audit:CheckpointKey</c>.
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string HeadHash, DateTimeOffset At, string Signature)
{
    public const string Version = "ordo-audit-checkpoint-v1";

    public static string Sign(byte[] key, long sequence, string headHash, DateTimeOffset at) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            $"{Version}\n{sequence.ToString(CultureInfo.InvariantCulture)}\n{headHash}\n{at.UtcDateTime.ToString(AuditChain.TimeFormat, CultureInfo.InvariantCulture)}")));

    /// <summary>Whether the signature is this key's over these values (constant time).</summary>
    public bool IsSignedWith(byte[] key) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(key, Sequence, HeadHash, At)), Encoding.ASCII.GetBytes(Signature));
}

/// <summary>
/// Writes checkpoints of the audit chain to the log stream (a structured Information log), which lives outside the
/// database: a table rewritten from the start, with a recomputed chain, still contradicts the checkpoints logged before.
/// The periodic schedule belongs to the scheduled-jobs work; <c>audit-checkpoint</c> writes one on demand.
/// </summary>
public sealed partial class AuditCheckpoints(OrdoDbContext db, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditCheckpoints> logger)
{
    public async Task<AuditCheckpoint> WriteCheckpointAsync(CancellationToken cancellationToken)
    {
        var key = options.Value.CheckpointKeyBytes()
            ?? throw new ConfigurationException($"{AuditOptions.Section}:{nameof(AuditOptions.CheckpointKey)} is not set: a checkpoint needs a key kept outside the database.");
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingleRowId, cancellationToken);
        var at = AuditChain.Stored(time.GetUtcNow());
        var checkpoint = new AuditCheckpoint(head.Sequence, head.Hash, at, AuditCheckpoint.Sign(key, head.Sequence, head.Hash, at));
        var written = at.UtcDateTime.ToString(AuditChain.TimeFormat, CultureInfo.InvariantCulture);
        LogCheckpoint(logger, checkpoint.Sequence, checkpoint.HeadHash, written, checkpoint.Signature);
        return checkpoint;
    }

    /// <summary>Whether a logged checkpoint is genuine and the chain still holds its entry with its hash.</summary>
    public async Task<bool> HoldsAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var key = options.Value.CheckpointKeyBytes();
        if (key is null || !checkpoint.IsSignedWith(key))
        {
            return false;
        }

        if (checkpoint.Sequence == 0)
        {
            return checkpoint.HeadHash == AuditChainHead.GenesisHash;
        }

        var hash = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == checkpoint.Sequence).Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken);
        return hash == checkpoint.HeadHash;
    }

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information,
        Message = "Audit checkpoint: sequence {AuditSequence}, head hash {AuditHeadHash}, at {AuditCheckpointAt}, signature {AuditCheckpointSignature}")]
    private static partial void LogCheckpoint(ILogger logger, long auditSequence, string auditHeadHash, string auditCheckpointAt, string auditCheckpointSignature);
}
