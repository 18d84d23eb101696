namespace Ordo.Domain.Orders;

public sealed class Shipment
{
    private readonly List<ShipmentLine> _lines = [];

    private Shipment()
    {
    }

    internal Shipment(IEnumerable<ShipmentLine> lines, string carrier, string trackingNumber, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Carrier = carrier;
        TrackingNumber = trackingNumber;
        ShippedAt = now;
        _lines.AddRange(lines);
    }

    public Guid Id { get; private set; }

    public string Carrier { get; private set; } = null!;

    public string TrackingNumber { get; private set; } = null!;

    public IReadOnlyList<ShipmentLine> Lines => _lines;

    public DateTimeOffset ShippedAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public bool IsDelivered => DeliveredAt is not null;

    internal void MarkDelivered(DateTimeOffset now) => DeliveredAt = now;
}
