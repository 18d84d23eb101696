using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ordo.Domain.Customers;

namespace Ordo.Persistence.Configurations;

/// <summary>
/// Email, phone and addresses are stored encrypted (AES-GCM with a key id, via <see cref="IFieldProtector"/>); the
/// email also gets a keyed hash (<c>email_index</c>) for lookup. Names stay searchable in clear.
/// </summary>
internal sealed class CustomerConfiguration(IFieldProtector protector) : IEntityTypeConfiguration<Customer>
{
    public const string EmailIndex = "EmailIndex";

    public void Configure(EntityTypeBuilder<Customer> customer)
    {
        customer.ToTable("customers");
        customer.HasKey(c => c.Id);
        customer.Property(c => c.Id).ValueGeneratedNever();
        customer.Property(c => c.Name).HasMaxLength(Customer.MaxNameLength);
        customer.Property(c => c.Email)
            .HasColumnName("email_encrypted")
            .HasConversion(email => protector.Protect(email.Value), stored => Email.FromStorage(protector.Unprotect(stored)));
        customer.Property<string>(EmailIndex).HasMaxLength(64).IsRequired();
        // Not unique: only accounts hold an address (users' unique user name); see ADR 13.
        customer.HasIndex(EmailIndex);
        customer.Property(c => c.Phone)
            .HasColumnName("phone_encrypted")
            .HasConversion(phone => phone == null ? null : protector.Protect(phone), stored => stored == null ? null : protector.Unprotect(stored));
        customer.Property<List<Address>>("_addresses")
            .HasColumnName("addresses_encrypted")
            .HasConversion(
                addresses => ProtectedAddresses.Protect(protector, addresses),
                stored => ProtectedAddresses.UnprotectList(protector, stored),
                new ValueComparer<List<Address>>(
                    (left, right) => left!.SequenceEqual(right!),
                    addresses => addresses.Aggregate(0, (hash, address) => HashCode.Combine(hash, address)),
                    addresses => addresses.ToList()));
        customer.Ignore(c => c.Addresses);
        customer.HasIndex(c => new { c.CreatedAt, c.Id });
        customer.Property<long>(Versioning.Property).IsConcurrencyToken();
        ValueObjects.Metadata(customer.Property(x => x.Metadata));
    }
}
