namespace Ordo.Domain.Orders;

public enum PaymentStatus
{
    Unpaid,
    Paid,
    PartiallyRefunded,
    Refunded,
}
