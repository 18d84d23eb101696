using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordo.Persistence.Outbox;

namespace Ordo.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("outbox_messages");
        message.HasKey(m => m.Position);
        message.Property(m => m.Position).ValueGeneratedOnAdd();
        message.HasIndex(m => m.Id).IsUnique();
        message.Property(m => m.Type).HasMaxLength(OutboxMessage.MaxTypeLength);
        message.Property(m => m.PartitionKey).HasMaxLength(OutboxMessage.MaxPartitionKeyLength);
        message.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);

        // The dispatcher's look-up: the oldest pending (undelivered, not parked) message of each partition.
        message.HasIndex(m => new { m.PartitionKey, m.Position })
            .HasDatabaseName("ix_outbox_messages_pending")
            .HasFilter("delivered_at IS NULL AND parked_at IS NULL");

        // The retention purge.
        message.HasIndex(m => m.DeliveredAt);
    }
}
