using Ordo.Domain.Common;

namespace Ordo.Domain.Orders;

/// <summary>Money returned to the customer; the caller passes it on to the payment provider.</summary>
public sealed class Refund
{
    private Refund()
    {
    }

    internal Refund(Money amount, string reason, string actor, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Amount = amount;
        Reason = reason;
        Actor = actor;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Money Amount { get; private set; }

    public string Reason { get; private set; } = null!;

    public string Actor { get; private set; } = null!;

    public DateTimeOffset CreatedAt { get; private set; }
}
