namespace Ordo.Persistence.Audit;

/// <summary>
/// One entry of the tamper-evident audit trail (ADR 0021): who did what to which resource, when, from where, and with
/// what outcome. Append-only: the application never updates or deletes one (on PostgreSQL a trigger refuses it). Each
/// entry's <see cref="Hash"/> covers the previous entry's hash and this entry's canonical form, so an edit, a deletion
/// or a reordering breaks the chain at that entry.
/// </summary>
public sealed class AuditEntry
{
    public const int MaxActorLength = 200;
    public const int MaxIpAddressLength = 64;
    public const int MaxUserAgentLength = 512;
    public const int MaxActionLength = 100;
    public const int MaxResourceTypeLength = 50;
    public const int MaxResourceIdLength = 200;
    public const int MaxTraceIdLength = 64;
    public const int HashLength = 64;

    /// <summary>Storage key only; it is not part of the chain. Entries are identified by <see cref="Sequence"/>.</summary>
    public Guid Id { get; set; }

    /// <summary>1, 2, 3… with no gaps: assigned under the chain head's lock just before the entry is inserted.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>A user id, a client id, <c>anonymous</c> or <c>system</c> (background work).</summary>
    public string Actor { get; set; } = null!;

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>A stable dotted name such as <c>order.paid</c> or <c>auth.sign_in_failed</c>.</summary>
    public string Action { get; set; } = null!;

    public string ResourceType { get; set; } = null!;

    public string? ResourceId { get; set; }

    /// <summary><c>succeeded</c>, <c>failed</c> or <c>denied</c>.</summary>
    public string Outcome { get; set; } = null!;

    /// <summary>
    /// The changed fields as a JSON object, <c>{"field": {"before": …, "after": …}}</c>, personal data masked; stored as
    /// text (not jsonb) so that it reads back byte for byte as it was hashed.
    /// </summary>
    public string? Changes { get; set; }

    public string? TraceId { get; set; }

    /// <summary>The previous entry's <see cref="Hash"/> (64 zeros for the first entry), lowercase hex.</summary>
    public string PreviousHash { get; set; } = null!;

    /// <summary>SHA-256 over the previous hash and this entry's canonical form, lowercase hex.</summary>
    public string Hash { get; set; } = null!;
}

/// <summary>
/// The one row that says where the chain ends: the last sequence number given out and the hash of that entry. Every
/// writer updates it (<c>UPDATE … RETURNING</c>) before inserting entries, which locks it until the transaction ends,
/// so writers take turns and the chain never forks.
/// </summary>
public sealed class AuditChainHead
{
    public const int SingleRowId = 1;

    /// <summary>The previous hash of the very first entry.</summary>
    public static readonly string GenesisHash = new('0', AuditEntry.HashLength);

    public int Id { get; set; }

    public long Sequence { get; set; }

    public string Hash { get; set; } = null!;
}
