using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ordo.Persistence.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("idempotency_records");
        record.HasKey(r => new { r.Caller, r.Key });
        record.Property(r => r.Caller).HasMaxLength(200);
        record.Property(r => r.Key).HasMaxLength(255);
        record.Property(r => r.RequestHash).HasMaxLength(64);
        record.Property(r => r.ResponseContentType).HasMaxLength(200);
        record.Property(r => r.ResponseLocation).HasMaxLength(2000);
        record.Property(r => r.ResponseETag).HasMaxLength(200);
        record.HasIndex(r => r.ExpiresAt);
    }
}
