namespace Ordo.Domain.Products;

public enum ProductStatus
{
    Active,

    /// <summary>Kept for existing orders and history, but can no longer be ordered.</summary>
    Archived,
}
