namespace Ordo.Admin.Api;

// Products, customers and new orders as the panel reads and sends them (only the fields it uses).

public sealed record Product(
    Guid Id, string Sku, string Name, string? Description, Money UnitPrice, string Status,
    int StockOnHand, int StockReserved, int StockAvailable, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record StockMovement(Guid Id, Guid ProductId, string Kind, int Quantity, string? Reason, Guid? OrderId, DateTimeOffset OccurredAt);

public sealed record CreateProductRequest(string Sku, string Name, Money UnitPrice, string? Description, int InitialStock);

/// <param name="Kind"><c>receipt</c> (goods arrived, quantity &gt; 0) or <c>adjustment</c> (a signed count correction).</param>
public sealed record StockAdjustmentRequest(string Kind, int Quantity, string Reason);

/// <summary>
/// A product's edit as a JSON merge patch: only what changed is sent (null here means "unchanged");
/// <see cref="ClearDescription"/> sends <c>"description": null</c>.
/// </summary>
public sealed record ProductChanges(string? Name = null, string? Description = null, bool ClearDescription = false, Money? UnitPrice = null)
{
    public bool IsEmpty => Name is null && Description is null && !ClearDescription && UnitPrice is null;
}

public sealed record CustomerAddress(string Line1, string? Line2, string City, string PostalCode, string? Region, string CountryCode);

/// <param name="ContactDetailsMasked">True when the API hid the email, phone and addresses from this caller (no <c>customers.pii</c>).</param>
public sealed record Customer(
    Guid Id, string Name, string Email, string? Phone, IReadOnlyList<CustomerAddress> Addresses, bool ContactDetailsMasked,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record CreateCustomerRequest(string Name, string Email, string? Phone, IReadOnlyList<CustomerAddress>? Addresses);

public sealed record PlaceOrderLine(Guid ProductId, int Quantity);

public sealed record PlaceOrderRequest(Guid CustomerId, IReadOnlyList<PlaceOrderLine> Lines, string? Currency);

/// <summary>The product list's filters as the panel offers them (the API lists oldest first and has no other order).</summary>
public sealed record ProductFilter(string? Status = "active", string? Search = null, int PageSize = 25);
