using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence.Audit;

namespace Ordo.Api.Features.Audit;

/// <summary>
/// One audit entry as stored and hashed: <c>changes</c> is the JSON text exactly as it went into the hash (personal
/// data already masked), so a reader can recompute <c>hash</c> from the fields and <c>previousHash</c> (ADR 0021).
/// </summary>
public sealed record AuditEntryResponse(
    long Sequence,
    DateTimeOffset OccurredAt,
    string Actor,
    string? IpAddress,
    string? UserAgent,
    string Action,
    string ResourceType,
    string? ResourceId,
    [property: ClosedSet("AuditOutcome", typeof(AuditOutcomes), nameof(AuditOutcomes.All))] string Outcome,
    string? Changes,
    string? TraceId,
    string PreviousHash,
    string Hash) : IHasExample<AuditEntryResponse>
{
    public static AuditEntryResponse Example => new(
        1042,
        ExampleValues.At,
        "019ac4a0-1f2e-7d3c-8b4a-5e6f7a8b9c0d",
        "203.0.113.7",
        "Mozilla/5.0",
        "order.paid",
        AuditResources.Order,
        ExampleValues.OrderId.ToString(),
        AuditOutcomes.Succeeded,
        """{"amount":{"after":"4493"},"externalReference":{"after":"pi_3PqK2aLkdIwHu7ix0"}}""",
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "9f2c4e1d7a8b3c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d",
        "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b");

    public static AuditEntryResponse From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            entry.Sequence, entry.OccurredAt, entry.Actor, entry.IpAddress, entry.UserAgent, entry.Action, entry.ResourceType,
            entry.ResourceId, entry.Outcome, entry.Changes, entry.TraceId, entry.PreviousHash, entry.Hash);
    }
}

/// <summary>Where the chain first stops holding: the sequence number and what is wrong there.</summary>
public sealed record AuditBreakResponse(
    long Sequence,
    [property: ClosedSet("AuditBreakKind", typeof(AuditBreakKinds), nameof(AuditBreakKinds.All))] string Kind,
    string Detail);

/// <summary>The outcome of walking the chain: intact, or the first broken link.</summary>
public sealed record AuditVerificationResponse(bool Intact, long EntriesChecked, long LastSequence, string HeadHash, AuditBreakResponse? FirstBreak)
    : IHasExample<AuditVerificationResponse>
{
    public static AuditVerificationResponse Example => new(
        false, 311, 311, "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
        new AuditBreakResponse(312, AuditBreakKinds.HashMismatch, "Entry 312 was changed after it was written: its fields no longer give its hash."));

    public static AuditVerificationResponse From(AuditVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        return new(
            verification.Intact, verification.EntriesChecked, verification.LastSequence, verification.HeadHash,
            verification.FirstBreak is { } broken ? new AuditBreakResponse(broken.Sequence, broken.Kind, broken.Detail) : null);
    }
}
