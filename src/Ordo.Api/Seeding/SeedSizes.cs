using System.Globalization;

namespace Ordo.Api.Seeding;

/// <summary>How much demo data to create, and the random seed that makes the same sizes produce the same data.</summary>
public sealed record SeedSizes(int Products, int Customers, int Orders, int RandomSeed = SeedSizes.DefaultRandomSeed)
{
    public const int DefaultRandomSeed = 20261127;
    public const int MaxProducts = 10_000_000;
    public const int MaxCustomers = 10_000_000;
    public const int MaxOrders = 100_000_000;

    /// <summary>What <c>seed</c> without sizes creates.</summary>
    public static SeedSizes Default { get; } = new(200, 500, 2000);

    /// <summary>The Development auto-seed: every order state to click through, without slowing the first start.</summary>
    public static SeedSizes OnEmptyDatabase { get; } = new(50, 100, 300);

    /// <summary>Why these sizes can't be seeded, or null.</summary>
    public string? Problem() => (Products, Customers, Orders) switch
    {
        _ when Products is < 0 or > MaxProducts => OutOfRange("--products", MaxProducts),
        _ when Customers is < 0 or > MaxCustomers => OutOfRange("--customers", MaxCustomers),
        _ when Orders is < 0 or > MaxOrders => OutOfRange("--orders", MaxOrders),
        (0, _, > 0) or (_, 0, > 0) => "orders need at least one product and one customer.",
        _ => null,
    };

    private static string OutOfRange(string option, int max) =>
        string.Create(CultureInfo.InvariantCulture, $"{option} must be from 0 to {max:N0}.");
}
