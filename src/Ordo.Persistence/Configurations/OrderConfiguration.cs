using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordo.Domain.Customers;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;

namespace Ordo.Persistence.Configurations;

/// <summary>The order's addresses are contact details: stored encrypted like the customer's (<see cref="ProtectedAddresses"/>).</summary>
internal sealed class OrderConfiguration(IFieldProtector protector) : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders");
        order.HasKey(o => o.Id);
        order.Property(o => o.Id).ValueGeneratedNever();
        order.Property(o => o.Number).HasValueGenerator<OrderNumberGenerator>().ValueGeneratedOnAdd();
        order.HasIndex(o => o.Number).IsUnique();
        order.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        order.Property(o => o.PaymentReference).HasMaxLength(Order.MaxPaymentReferenceLength);
        order.Property(o => o.ShippingAddress)
            .HasColumnName("shipping_address_encrypted")
            .HasConversion(address => ProtectedAddresses.Protect(protector, address!), stored => ProtectedAddresses.Unprotect(protector, stored));
        order.Property(o => o.BillingAddress)
            .HasColumnName("billing_address_encrypted")
            .HasConversion(address => ProtectedAddresses.Protect(protector, address!), stored => ProtectedAddresses.Unprotect(protector, stored));
        order.ComplexProperty(o => o.Subtotal, ValueObjects.Money);
        order.ComplexProperty(o => o.ShippingFee, ValueObjects.Money);
        order.ComplexProperty(o => o.Total, ValueObjects.Money);
        order.ComplexProperty(o => o.AmountPaid, ValueObjects.Money);
        order.ComplexProperty(o => o.AmountRefunded, ValueObjects.Money);
        order.Property<long>(Versioning.Property).IsConcurrencyToken();
        ValueObjects.Metadata(order.Property(x => x.Metadata));
        order.Ignore(o => o.AllowedActions);

        // Keyset pagination: every sort key ends with the id as tie-breaker.
        order.HasIndex(o => new { o.CreatedAt, o.Id });
        order.HasIndex(o => new { o.UpdatedAt, o.Id });
        order.HasIndex(o => new { o.CustomerId, o.CreatedAt, o.Id });
        order.HasIndex(o => new { o.Status, o.CreatedAt, o.Id });
        // The expiry job's query: pending orders whose payment deadline has passed.
        order.HasIndex(o => new { o.Status, o.PaymentDueAt });

        order.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        order.HasMany(o => o.Lines).WithOne().HasForeignKey("OrderId").OnDelete(DeleteBehavior.Cascade);
        order.HasMany(o => o.Refunds).WithOne().HasForeignKey("OrderId").OnDelete(DeleteBehavior.Cascade);
        order.HasMany(o => o.Shipments).WithOne().HasForeignKey("OrderId").OnDelete(DeleteBehavior.Cascade);
        order.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.Cascade);
        order.Navigation(o => o.Lines).AutoInclude();
        order.Navigation(o => o.Refunds).AutoInclude();
        order.Navigation(o => o.Shipments).AutoInclude();
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> line)
    {
        line.ToTable("order_lines", table =>
            table.HasCheckConstraint("ck_order_lines_shipped", "shipped_quantity >= 0 AND shipped_quantity <= quantity AND quantity > 0"));
        line.HasKey(l => l.Id);
        line.Property(l => l.Id).ValueGeneratedNever();
        line.Property(l => l.Sku).HasConversion(ValueObjects.Sku).HasMaxLength(64);
        line.Property(l => l.ProductName).HasMaxLength(200);
        line.ComplexProperty(l => l.UnitPrice, ValueObjects.Money);
        line.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> refund)
    {
        refund.ToTable("refunds", table => table.HasCheckConstraint("ck_refunds_amount", "amount_amount > 0"));
        refund.HasKey(r => r.Id);
        refund.Property(r => r.Id).ValueGeneratedNever();
        refund.ComplexProperty(r => r.Amount, ValueObjects.Money);
        refund.Property(r => r.Reason).HasMaxLength(Order.MaxReasonLength);
        refund.Property(r => r.Actor).HasMaxLength(200);
    }
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> shipment)
    {
        shipment.ToTable("shipments");
        shipment.HasKey(s => s.Id);
        shipment.Property(s => s.Id).ValueGeneratedNever();
        shipment.Property(s => s.Carrier).HasMaxLength(Order.MaxCarrierLength);
        shipment.Property(s => s.TrackingNumber).HasMaxLength(Order.MaxTrackingNumberLength);
        shipment.OwnsMany(s => s.Lines, line =>
        {
            line.ToTable("shipment_lines", table => table.HasCheckConstraint("ck_shipment_lines_quantity", "quantity > 0"));
            line.WithOwner().HasForeignKey("ShipmentId");
            line.HasKey("ShipmentId", nameof(ShipmentLine.OrderLineId));
            line.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
        });
        shipment.Ignore(s => s.IsDelivered);
    }
}

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> orderEvent)
    {
        orderEvent.ToTable("order_events");
        orderEvent.HasKey(e => e.Id);
        orderEvent.Property(e => e.Id).ValueGeneratedNever();
        orderEvent.Property(e => e.Type).HasMaxLength(64);
        orderEvent.Property(e => e.Actor).HasMaxLength(200);
        orderEvent.Property(e => e.Data).HasConversion(ValueObjects.StringMap, ValueObjects.StringMapComparer);
        orderEvent.HasIndex(e => new { e.OrderId, e.Sequence }).IsUnique();
        orderEvent.HasIndex(e => e.OccurredAt); // a day's events, for the daily sales summary
    }
}
