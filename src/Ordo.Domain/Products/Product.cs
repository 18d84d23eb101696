using Ordo.Domain.Common;

namespace Ordo.Domain.Products;

/// <summary>
/// A sellable product and its stock counters, and the one place that changes them: receipts and adjustments, and the
/// reservations, releases and shipments of orders (<see cref="Orders.StockReservations"/>). Every stock change returns the
/// <see cref="StockMovement"/> that the caller persists alongside the product, so the ledger explains the counters.
/// </summary>
public sealed class Product
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxReasonLength = 500;

    private Product()
    {
    }

    public Guid Id { get; private set; }

    public Sku Sku { get; private set; } = null!;

    public string Name { get; private set; } = null!;

    public string? Description { get; private set; }

    public Money UnitPrice { get; private set; }

    public ProductStatus Status { get; private set; }

    public int StockOnHand { get; private set; }

    /// <summary>Units promised to pending or open orders but not yet shipped.</summary>
    public int StockReserved { get; private set; }

    public int StockAvailable => StockOnHand - StockReserved;

    /// <summary>The integrator's own key-value pairs (<see cref="MetadataRules"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = MetadataRules.None;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Result<Product> Create(Sku sku, string name, string? description, Money unitPrice, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sku);
        var product = new Product
        {
            Id = Guid.CreateVersion7(now),
            Sku = sku,
            Status = ProductStatus.Active,
            CreatedAt = now,
        };
        var details = product.UpdateDetails(name, description, now);
        if (details.IsFailure)
        {
            return details.Error;
        }

        var price = product.ChangePrice(unitPrice, now);
        return price.IsSuccess ? product : price.Error;
    }

    public Result UpdateDetails(string name, string? description, DateTimeOffset now)
    {
        var validName = Text.Required(name, "name", MaxNameLength);
        if (validName.IsFailure)
        {
            return validName.Error;
        }

        var validDescription = Text.Optional(description, "description", MaxDescriptionLength);
        if (validDescription.IsFailure)
        {
            return validDescription.Error;
        }

        Name = validName.Value;
        Description = validDescription.Value;
        UpdatedAt = now;
        return Result.Success();
    }

    public Result ChangePrice(Money unitPrice, DateTimeOffset now)
    {
        if (unitPrice.Amount < 0)
        {
            return ValidationErrors.Invalid("unit_price", "The unit price cannot be negative.");
        }

        UnitPrice = unitPrice;
        UpdatedAt = now;
        return Result.Success();
    }

    /// <summary>Idempotent: archiving an archived product changes nothing and succeeds.</summary>
    public void Archive(DateTimeOffset now)
    {
        if (Status == ProductStatus.Archived)
        {
            return;
        }

        Status = ProductStatus.Archived;
        UpdatedAt = now;
    }

    public Result<StockMovement> ReceiveStock(int quantity, string reason, DateTimeOffset now)
    {
        if (quantity < 1)
        {
            return InvalidQuantity();
        }

        var validReason = Text.Required(reason, "reason", MaxReasonLength);
        if (validReason.IsFailure)
        {
            return validReason.Error;
        }

        if ((long)StockOnHand + quantity > int.MaxValue)
        {
            return OnHandTooLarge();
        }

        StockOnHand += quantity;
        return Moved(StockMovementKind.Receipt, quantity, validReason.Value, null, now);
    }

    /// <summary>Corrects on hand after a count, damage or loss; <paramref name="delta"/> is signed and non-zero.</summary>
    public Result<StockMovement> AdjustStock(int delta, string reason, DateTimeOffset now)
    {
        if (delta == 0)
        {
            return ValidationErrors.Invalid("delta", "The adjustment must not be zero.");
        }

        var validReason = Text.Required(reason, "reason", MaxReasonLength);
        if (validReason.IsFailure)
        {
            return validReason.Error;
        }

        if (!StockRules.CanAdjust(StockOnHand, StockReserved, delta))
        {
            return ProductErrors.StockBelowReserved(Id, delta, StockOnHand, StockReserved);
        }

        if ((long)StockOnHand + delta > int.MaxValue)
        {
            return OnHandTooLarge();
        }

        StockOnHand += delta;
        return Moved(StockMovementKind.Adjustment, delta, validReason.Value, null, now);
    }

    /// <summary>What is missing to reserve <paramref name="quantity"/> units, or null when they are available.</summary>
    public StockShortfall? ShortfallFor(int quantity) =>
        StockRules.CanReserve(StockOnHand, StockReserved, quantity) ? null : new StockShortfall(Id, Sku.Value, quantity, StockAvailable);

    /// <summary>Promises units to an order (see <see cref="Orders.StockReservations"/>, which reserves all of an order's lines or none).</summary>
    public Result<StockMovement> Reserve(int quantity, Guid orderId, DateTimeOffset now)
    {
        if (quantity < 1)
        {
            return InvalidQuantity();
        }

        if (Status == ProductStatus.Archived)
        {
            return ProductErrors.Archived(Id, Sku.Value);
        }

        if (ShortfallFor(quantity) is { } shortfall)
        {
            return ProductErrors.InsufficientStock([shortfall]);
        }

        StockReserved += quantity;
        return Moved(StockMovementKind.Reservation, quantity, null, orderId, now);
    }

    public Result<StockMovement> Release(int quantity, Guid orderId, DateTimeOffset now)
    {
        if (quantity < 1)
        {
            return InvalidQuantity();
        }

        if (!StockRules.CanConsumeReservation(StockReserved, quantity))
        {
            return ProductErrors.ExceedsReservedStock(Id, quantity, StockReserved);
        }

        StockReserved -= quantity;
        return Moved(StockMovementKind.Release, -quantity, null, orderId, now);
    }

    /// <summary>Shipped units were reserved, so they leave both counters.</summary>
    public Result<StockMovement> Ship(int quantity, Guid orderId, DateTimeOffset now)
    {
        if (quantity < 1)
        {
            return InvalidQuantity();
        }

        if (!StockRules.CanConsumeReservation(StockReserved, quantity))
        {
            return ProductErrors.ExceedsReservedStock(Id, quantity, StockReserved);
        }

        StockReserved -= quantity;
        StockOnHand -= quantity;
        return Moved(StockMovementKind.Shipment, -quantity, null, orderId, now);
    }

    private static DomainError InvalidQuantity() =>
        ValidationErrors.Invalid("quantity", "The quantity must be at least 1.");

    // Counters are int columns; a request that would overflow one is bad input, not a crash.
    private static DomainError OnHandTooLarge() =>
        ValidationErrors.Invalid("quantity", $"Stock on hand cannot exceed {int.MaxValue}.");

    private StockMovement Moved(StockMovementKind kind, int quantity, string? reason, Guid? orderId, DateTimeOffset now)
    {
        UpdatedAt = now;
        return StockMovement.Record(Id, kind, quantity, reason, orderId, now);
    }

    /// <summary>Applies <paramref name="changes"/> to <see cref="Metadata"/> as a merge patch: values set keys, nulls remove them.</summary>
    public Result ChangeMetadata(IEnumerable<KeyValuePair<string, string?>> changes, DateTimeOffset now)
    {
        var merged = MetadataRules.Merge(Metadata, changes);
        if (merged.IsFailure)
        {
            return merged.Error;
        }

        Metadata = merged.Value;
        UpdatedAt = now;
        return Result.Success();
    }
}
