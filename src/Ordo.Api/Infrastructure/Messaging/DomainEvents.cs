using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using Ordo.Persistence.Outbox;

namespace Ordo.Api.Infrastructure.Messaging;

/// <summary>
/// The published event catalogue (docs/events.md) and the envelope every transport sends:
/// <c>{"id", "type", "occurredAt", "apiVersion", "data"}</c>. Data holds ids, states and amounts, never names,
/// emails, addresses or free text, so a subscriber needs no access to personal data to receive it.
/// </summary>
public static class DomainEvents
{
    public const string ApiVersion = "v1";

    public const string OrderPlaced = OrderEventTypes.Placed;
    public const string OrderPaid = OrderEventTypes.Paid;
    public const string OrderShipped = OrderEventTypes.Shipped;
    public const string OrderDelivered = OrderEventTypes.Delivered;
    public const string OrderCancelled = OrderEventTypes.Cancelled;
    public const string OrderExpired = OrderEventTypes.Expired;
    public const string OrderRefunded = OrderEventTypes.Refunded;
    public const string ProductStockLow = "product.stock_low";
    public const string CustomerCreated = "customer.created";

    /// <summary>Every published type; subscribers (RabbitMQ routing keys, webhook filters) choose from these.</summary>
    public static readonly IReadOnlyList<string> Types =
        [OrderPlaced, OrderPaid, OrderShipped, OrderDelivered, OrderCancelled, OrderExpired, OrderRefunded, ProductStockLow, CustomerCreated];

    public static bool IsPublished(string type) => Types.Contains(type, StringComparer.Ordinal);

    /// <summary>
    /// The order's timeline entry as an event: the same id as the entry, so a subscriber can find it in
    /// <c>GET /api/v1/orders/{id}/events</c>. The order's state is the one the change left it in.
    /// </summary>
    public static OutboxMessage ForOrder(Order order, OrderEvent entry)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(entry);
        return Message(entry.Id, entry.Type, $"order:{order.Id}", entry.OccurredAt, json =>
        {
            json.WriteString("orderId", order.Id);
            json.WriteString("customerId", order.CustomerId);
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("status", StateNames.Of(order.Status));
            json.WriteString("paymentStatus", StateNames.Of(order.PaymentStatus));
            json.WriteString("fulfilmentStatus", StateNames.Of(order.FulfilmentStatus));
            WriteMoney(json, "total", order.Total);
            WriteMoney(json, "amountPaid", order.AmountPaid);
            WriteMoney(json, "amountRefunded", order.AmountRefunded);
            foreach (var (key, value) in entry.Data.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                switch (key)
                {
                    case "amount":
                        WriteMoney(json, key, new Money(long.Parse(value, CultureInfo.InvariantCulture), order.Currency));
                        break;
                    case "shipmentId" or "refundId" or "carrier" or "trackingNumber":
                        json.WriteString(key, value);
                        break;
                    default:
                        // Reasons and payment references are free text typed by people: not published.
                        break;
                }
            }
        });
    }

    public static OutboxMessage ForStockLow(Product product, int threshold, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(product);
        return Message(Guid.CreateVersion7(now), ProductStockLow, $"product:{product.Id}", now, json =>
        {
            json.WriteString("productId", product.Id);
            json.WriteString("sku", product.Sku.Value);
            json.WriteNumber("stockOnHand", product.StockOnHand);
            json.WriteNumber("stockReserved", product.StockReserved);
            json.WriteNumber("stockAvailable", product.StockAvailable);
            json.WriteNumber("threshold", threshold);
        });
    }

    public static OutboxMessage ForCustomerCreated(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return Message(Guid.CreateVersion7(customer.CreatedAt), CustomerCreated, $"customer:{customer.Id}", customer.CreatedAt, json =>
        {
            json.WriteString("customerId", customer.Id);
            json.WriteString("createdAt", customer.CreatedAt.UtcDateTime);
        });
    }

    private static OutboxMessage Message(Guid id, string type, string partitionKey, DateTimeOffset occurredAt, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("type", type);
            json.WriteString("occurredAt", occurredAt.UtcDateTime);
            json.WriteString("apiVersion", ApiVersion);
            json.WriteStartObject("data");
            data(json);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return new OutboxMessage
        {
            Id = id,
            Type = type,
            PartitionKey = partitionKey,
            Body = Encoding.UTF8.GetString(buffer.WrittenSpan),
            OccurredAt = occurredAt,
            NextAttemptAt = occurredAt,
        };
    }

    private static void WriteMoney(Utf8JsonWriter json, string name, Money money)
    {
        json.WriteStartObject(name);
        json.WriteNumber("amount", money.Amount);
        json.WriteString("currency", money.Currency);
        json.WriteEndObject();
    }
}
