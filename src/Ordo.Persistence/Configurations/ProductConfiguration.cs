using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordo.Domain.Products;

namespace Ordo.Persistence.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> product)
    {
        product.ToTable("products", table =>
        {
            table.HasCheckConstraint("ck_products_stock", "stock_reserved >= 0 AND stock_reserved <= stock_on_hand");
            table.HasCheckConstraint("ck_products_unit_price", "unit_price_amount >= 0");
        });
        product.HasKey(p => p.Id);
        product.Property(p => p.Id).ValueGeneratedNever();
        product.Property(p => p.Sku).HasConversion(ValueObjects.Sku).HasMaxLength(64);
        product.HasIndex(p => p.Sku).IsUnique();
        product.Property(p => p.Name).HasMaxLength(Product.MaxNameLength);
        product.Property(p => p.Description).HasMaxLength(Product.MaxDescriptionLength);
        product.ComplexProperty(p => p.UnitPrice, ValueObjects.Money);
        product.HasIndex(p => new { p.Status, p.Id });
        product.Property<long>(Versioning.Property).IsConcurrencyToken();
        ValueObjects.Metadata(product.Property(x => x.Metadata));
    }
}

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> movement)
    {
        movement.ToTable("stock_movements");
        movement.HasKey(m => m.Id);
        movement.Property(m => m.Id).ValueGeneratedNever();
        movement.Property(m => m.Reason).HasMaxLength(Product.MaxReasonLength);
        movement.HasOne<Product>().WithMany().HasForeignKey(m => m.ProductId).OnDelete(DeleteBehavior.Restrict);
        // Listing a product's movements pages by (product, id); ids are UUIDv7, so id order is time order.
        movement.HasIndex(m => new { m.ProductId, m.Id });
        movement.HasIndex(m => m.OrderId);
    }
}
