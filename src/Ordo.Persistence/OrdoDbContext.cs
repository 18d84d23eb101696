using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ordo.Domain.Customers;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using Ordo.Persistence.Audit;
using Ordo.Persistence.Configurations;
using Ordo.Persistence.Identity;
using Ordo.Persistence.Outbox;
using Ordo.Persistence.Webhooks;

namespace Ordo.Persistence;

/// <summary>
/// The unit of work. Handlers use it directly (no repositories); one transaction per state-changing request.
/// The provider and its migrations assembly are chosen by the host (see ADR 0002).
/// </summary>
public class OrdoDbContext(DbContextOptions<OrdoDbContext> options, IFieldProtector? protector = null)
    : IdentityDbContext<OrdoUser, OrdoRole, Guid>(options), IDataProtectionKeyContext
{
    public const string SqliteProviderName = "Microsoft.EntityFrameworkCore.Sqlite";

    public DbSet<Product> Products => Set<Product>();

    public DbSet<StockMovement> StockMovements => Set<StockMovement>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<TokenKey> TokenKeys => Set<TokenKey>();

    /// <summary>Scheduled jobs' runs, one per job and slot: the claim that makes a run happen once across instances.</summary>
    public DbSet<JobRun> JobRuns => Set<JobRun>();

    /// <summary>Domain events and account emails written with the change they report, until delivered (ADR 0022).</summary>
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>
    /// Whether saving derives domain events (into the outbox) and audit entries from the tracked changes (on by
    /// default). The demo seeder turns it off: generated history is neither news for subscribers nor anyone's action.
    /// </summary>
    public bool DerivesEventsAndAudit { get; set; } = true;

    /// <summary>Webhook subscriptions, their deliveries (one per subscription and event) and the attempts of each (ADR 0024).</summary>
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    /// <summary>The tamper-evident audit trail (ADR 0021): append-only, chained by <see cref="AuditChainHead"/>.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    /// <summary>ASP.NET Core Data Protection's key ring (cookies, email and reset tokens), shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public bool IsSqlite => Database.ProviderName == SqliteProviderName;

    /// <summary>Part of the model cache key: the encryption converters capture it.</summary>
    internal IFieldProtector Protector { get; } = protector ?? NoFieldProtector.Instance;

    /// <summary>The customer's shadow property that holds <see cref="EmailIndexOf"/>, set when a customer is saved.</summary>
    public const string EmailIndexProperty = CustomerConfiguration.EmailIndex;

    /// <summary>The keyed hash that finds a customer by email without decrypting every row.</summary>
    public string EmailIndexOf(Email email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Protector.BlindIndex(email.Value);
    }

    /// <summary>The customers with this email (addresses are not unique among records), found through its blind index.</summary>
    public IQueryable<Customer> CustomersWithEmail(Email email)
    {
        var index = EmailIndexOf(email);
        return Customers.Where(c => EF.Property<string>(c, CustomerConfiguration.EmailIndex) == index);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeforeSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeforeSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BeforeSave()
    {
        Versioning.BumpModifiedAggregates(ChangeTracker);
        StoredTimes.RoundDown(ChangeTracker, IsSqlite);
        foreach (var entry in ChangeTracker.Entries<Customer>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Property<string>(CustomerConfiguration.EmailIndex).CurrentValue = EmailIndexOf(entry.Entity.Email);
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<OrderStatus>().HaveConversion<SnakeCaseEnumConverter<OrderStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<PaymentStatus>().HaveConversion<SnakeCaseEnumConverter<PaymentStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<FulfilmentStatus>().HaveConversion<SnakeCaseEnumConverter<FulfilmentStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<ProductStatus>().HaveConversion<SnakeCaseEnumConverter<ProductStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<StockMovementKind>().HaveConversion<SnakeCaseEnumConverter<StockMovementKind>>().HaveMaxLength(32);
        if (IsSqlite)
        {
            // SQLite has no date type; a sortable integer keeps ORDER BY and range filters in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.UseOpenIddict<Guid>();
        IdentityConfiguration.Configure(builder, Protector);
        // Listed rather than scanned: a scan warns at every start about the configurations that take the protector.
        builder.ApplyConfiguration(new ProductConfiguration())
            .ApplyConfiguration(new StockMovementConfiguration())
            .ApplyConfiguration(new CustomerConfiguration(Protector))
            .ApplyConfiguration(new OrderConfiguration(Protector))
            .ApplyConfiguration(new OrderLineConfiguration())
            .ApplyConfiguration(new RefundConfiguration())
            .ApplyConfiguration(new ShipmentConfiguration())
            .ApplyConfiguration(new OrderEventConfiguration())
            .ApplyConfiguration(new IdempotencyRecordConfiguration())
            .ApplyConfiguration(new JobRunConfiguration())
            .ApplyConfiguration(new OutboxMessageConfiguration())
            .ApplyConfiguration(new AuditEntryConfiguration())
            .ApplyConfiguration(new AuditChainHeadConfiguration())
            .ApplyConfiguration(new WebhookSubscriptionConfiguration())
            .ApplyConfiguration(new WebhookDeliveryConfiguration())
            .ApplyConfiguration(new WebhookAttemptConfiguration());
        OrderNumbers.Configure(builder, IsSqlite);
    }
}
