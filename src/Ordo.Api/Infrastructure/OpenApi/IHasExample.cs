namespace Ordo.Api.Infrastructure.OpenApi;

/// <summary>
/// A wire type that shows an example of itself in the OpenAPI document. The example is the real record, serialized with
/// the API's own settings, so it can't drift from the shape it illustrates.
/// </summary>
public interface IHasExample<TSelf>
    where TSelf : IHasExample<TSelf>
{
    static abstract TSelf Example { get; }
}

/// <summary>Values the examples share, so that an order's example names the product and customer of theirs.</summary>
public static class ExampleValues
{
    public static readonly DateTimeOffset At = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
    public static readonly Guid ProductId = Guid.Parse("019ac4a1-7d2e-7c41-9a0b-5e6f7a8b9c0d");
    public static readonly Guid CustomerId = Guid.Parse("019ac4a1-5c3a-7b1e-9d2f-3a4b5c6d7e8f");
    public static readonly Guid OrderId = Guid.Parse("019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f90");
}
