using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordo.Persistence.Audit;

namespace Ordo.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.Actor).HasMaxLength(AuditEntry.MaxActorLength);
        entry.Property(e => e.IpAddress).HasMaxLength(AuditEntry.MaxIpAddressLength);
        entry.Property(e => e.UserAgent).HasMaxLength(AuditEntry.MaxUserAgentLength);
        entry.Property(e => e.Action).HasMaxLength(AuditEntry.MaxActionLength);
        entry.Property(e => e.ResourceType).HasMaxLength(AuditEntry.MaxResourceTypeLength);
        entry.Property(e => e.ResourceId).HasMaxLength(AuditEntry.MaxResourceIdLength);
        entry.Property(e => e.Outcome).HasMaxLength(16);
        entry.Property(e => e.TraceId).HasMaxLength(AuditEntry.MaxTraceIdLength);
        entry.Property(e => e.PreviousHash).HasMaxLength(AuditEntry.HashLength);
        entry.Property(e => e.Hash).HasMaxLength(AuditEntry.HashLength);
        // The chain's order, the list's keyset and its filters (each filter followed by the keyset).
        entry.HasIndex(e => e.Sequence).IsUnique();
        entry.HasIndex(e => new { e.Actor, e.Sequence });
        entry.HasIndex(e => new { e.Action, e.Sequence });
        entry.HasIndex(e => new { e.ResourceType, e.ResourceId, e.Sequence });
        entry.HasIndex(e => e.OccurredAt);
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> head)
    {
        head.ToTable("audit_chain_head");
        head.HasKey(h => h.Id);
        head.Property(h => h.Id).ValueGeneratedNever();
        head.Property(h => h.Hash).HasMaxLength(AuditEntry.HashLength);
        head.HasData(new AuditChainHead { Id = AuditChainHead.SingleRowId, Sequence = 0, Hash = AuditChainHead.GenesisHash });
    }
}
