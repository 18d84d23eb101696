using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordo.Persistence.Webhooks;

namespace Ordo.Persistence.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> subscription)
    {
        subscription.ToTable("webhook_subscriptions");
        subscription.HasKey(s => s.Id);
        subscription.Property(s => s.Id).ValueGeneratedNever();
        subscription.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
        subscription.Property(s => s.EventTypes).HasMaxLength(WebhookSubscription.MaxEventTypesLength);
        subscription.Property(s => s.Description).HasMaxLength(WebhookSubscription.MaxDescriptionLength);
        subscription.Property(s => s.DisabledReason).HasMaxLength(WebhookSubscription.MaxDisabledReasonLength);
        subscription.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("webhook_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.Id).ValueGeneratedNever();
        delivery.Property(d => d.EventType).HasMaxLength(WebhookDelivery.MaxEventTypeLength);
        delivery.Property(d => d.Status).HasConversion<SnakeCaseEnumConverter<WebhookDeliveryStatus>>().HasMaxLength(32);
        delivery.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);

        // The fan-out's insert-if-absent: a repeated outbox delivery of one event adds nothing.
        delivery.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();

        // The worker's look-up of what is due.
        delivery.HasIndex(d => d.NextAttemptAt).HasDatabaseName("ix_webhook_deliveries_due").HasFilter("status = 'pending'");

        // The retention purge.
        delivery.HasIndex(d => d.CompletedAt);
        delivery.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> attempt)
    {
        attempt.ToTable("webhook_attempts");
        attempt.HasKey(a => a.Id);
        attempt.Property(a => a.Id).ValueGeneratedNever();
        attempt.Property(a => a.Failure).HasMaxLength(WebhookAttempt.MaxFailureLength);
        attempt.HasIndex(a => new { a.DeliveryId, a.Number }).IsUnique();
    }
}
