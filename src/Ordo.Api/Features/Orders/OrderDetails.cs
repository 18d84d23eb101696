using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Ordo.Api.Features.Customers;
using Ordo.Api.Http;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

/// <summary>An order read for display: the response, with what access and ETags need.</summary>
internal sealed record OrderDetails(OrderResponse Response, Guid CustomerId, long Version);

/// <summary>
/// Reads one order straight into its response in one round trip: the order row and its child rows as one batch of
/// statements (issue 11: the entity load was four, one per child table, each a wait on the database). Actions still
/// load the aggregate; this is the read side only. <c>OrderDetailsTests</c> holds it to the same answer as the
/// aggregate's for orders in every state, on both providers, so a column rename cannot slip past it.
/// </summary>
internal static class OrderDetailsQuery
{
    private const string Sql = """
        SELECT id, number, customer_id, currency, status, payment_status, fulfilment_status, payment_reference, version,
               subtotal_amount, shipping_fee_amount, total_amount, amount_paid_amount, amount_refunded_amount,
               created_at, updated_at, payment_due_at, shipping_address_encrypted, billing_address_encrypted, metadata
        FROM orders WHERE id = {0};
        SELECT id, product_id, sku, product_name, unit_price_amount, quantity, shipped_quantity FROM order_lines WHERE order_id = {0};
        SELECT id, amount_amount, reason, actor, created_at FROM refunds WHERE order_id = {0};
        SELECT id, carrier, tracking_number, shipped_at, delivered_at FROM shipments WHERE order_id = {0};
        SELECT l.shipment_id, l.order_line_id, l.quantity FROM shipment_lines l JOIN shipments s ON s.id = l.shipment_id WHERE s.order_id = {0};
        SELECT version FROM orders WHERE id = {0};
        """;

    /// <summary>Reads that overlapped a change are read again; more than this many in a row would take a stream of changes.</summary>
    private const int Attempts = 5;

    /// <summary>
    /// Each statement of the batch sees the database as it is when it runs, so a change that commits meanwhile could mix
    /// two states of the order. Every change to an order or its children moves the order's version, so a read whose
    /// last statement finds the version its first one read saw one state; one that does not is read again.
    /// </summary>
    public static async Task<OrderDetails?> ReadOrderDetailsAsync(this OrdoDbContext db, Guid id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (details, unchanged) = await ReadOnceAsync(db, id, cancellationToken);
            if (unchanged || attempt == Attempts)
            {
                return details;
            }
        }
    }

    private static async Task<(OrderDetails? Details, bool Unchanged)> ReadOnceAsync(OrdoDbContext db, Guid id, CancellationToken cancellationToken)
    {
        // Through EF's command pipeline, so the statement is logged, intercepted and timed out like any other.
        var command = db.GetService<IRawSqlCommandBuilder>().Build(Sql, [id], db.Model);
        var parameters = new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(),
            command.ParameterValues,
            readerColumns: null,
            db,
            db.GetService<IRelationalCommandDiagnosticsLogger>(),
            CommandSource.FromSqlQuery);
        await using var result = await command.RelationalCommand.ExecuteReaderAsync(parameters, cancellationToken);
        var reader = result.DbDataReader;
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, true);
        }

        var time = TimeReader(db);
        var order = OrderRow.Read(reader, time, AddressReader(db), MetadataReader(db));
        await reader.NextResultAsync(cancellationToken);
        var lines = new List<OrderLineResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var unitPrice = reader.GetInt64(4);
            var quantity = reader.GetInt32(5);
            lines.Add(new OrderLineResponse(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                order.Money(unitPrice), quantity, reader.GetInt32(6), order.Money(unitPrice * quantity)));
        }

        await reader.NextResultAsync(cancellationToken);
        var refunds = new List<RefundResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            refunds.Add(new RefundResponse(
                reader.GetGuid(0), order.Money(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), time(reader, 4)));
        }

        await reader.NextResultAsync(cancellationToken);
        var shipments = new List<(Guid Id, string Carrier, string TrackingNumber, DateTimeOffset ShippedAt, DateTimeOffset? DeliveredAt)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            shipments.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), time(reader, 3),
                reader.IsDBNull(4) ? null : time(reader, 4)));
        }

        await reader.NextResultAsync(cancellationToken);
        var shipmentLines = new List<(Guid ShipmentId, ShipmentLineResponse Line)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            shipmentLines.Add((reader.GetGuid(0), new ShipmentLineResponse(reader.GetGuid(1), reader.GetInt32(2))));
        }

        await reader.NextResultAsync(cancellationToken);
        var unchanged = await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == order.Version;
        var response = order.ToResponse(
            lines,
            [.. shipments.Select(s => new ShipmentResponse(
                s.Id, s.Carrier, s.TrackingNumber, s.ShippedAt, s.DeliveredAt,
                [.. shipmentLines.Where(l => l.ShipmentId == s.Id).Select(l => l.Line)]))],
            refunds);
        return (new OrderDetails(response, order.CustomerId, order.Version), unchanged);
    }

    /// <summary>Times as the model stores them: native on PostgreSQL, a converted number on SQLite (sortable there).</summary>
    private static Func<DbDataReader, int, DateTimeOffset> TimeReader(OrdoDbContext db)
    {
        var converter = StoredTimes.ConverterOf(db.Model);
        return converter is null
            ? static (row, ordinal) => row.GetFieldValue<DateTimeOffset>(ordinal)
            : (row, ordinal) => (DateTimeOffset)converter.ConvertFromProvider(row.GetValue(ordinal))!;
    }

    /// <summary>Addresses as the model stores them: encrypted, decrypted by the property's own converter.</summary>
    private static Func<DbDataReader, int, AddressResponse?> AddressReader(OrdoDbContext db)
    {
        var converter = db.Model.FindEntityType(typeof(Order))!.FindProperty(nameof(Order.ShippingAddress))!.GetTypeMapping().Converter!;
        return (row, ordinal) => row.IsDBNull(ordinal) ? null : AddressResponse.From((Address)converter.ConvertFromProvider(row.GetString(ordinal))!);
    }

    private static Func<DbDataReader, int, IReadOnlyDictionary<string, string>> MetadataReader(OrdoDbContext db)
    {
        var converter = db.Model.FindEntityType(typeof(Order))!.FindProperty(nameof(Order.Metadata))!.GetTypeMapping().Converter!;
        return (row, ordinal) => (IReadOnlyDictionary<string, string>)converter.ConvertFromProvider(row.GetString(ordinal))!;
    }

    private sealed record OrderRow(
        Guid Id,
        long Number,
        Guid CustomerId,
        string Currency,
        OrderStatus Status,
        PaymentStatus PaymentStatus,
        FulfilmentStatus FulfilmentStatus,
        string? PaymentReference,
        long Version,
        long Subtotal,
        long ShippingFee,
        long Total,
        long AmountPaid,
        long AmountRefunded,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        DateTimeOffset PaymentDueAt,
        AddressResponse? ShippingAddress,
        AddressResponse? BillingAddress,
        IReadOnlyDictionary<string, string> Metadata)
    {
        public static OrderRow Read(
            DbDataReader row,
            Func<DbDataReader, int, DateTimeOffset> time,
            Func<DbDataReader, int, AddressResponse?> address,
            Func<DbDataReader, int, IReadOnlyDictionary<string, string>> metadata) => new(
            row.GetGuid(0),
            row.GetInt64(1),
            row.GetGuid(2),
            row.GetString(3),
            StoredEnums.Parse<OrderStatus>(row.GetString(4)),
            StoredEnums.Parse<PaymentStatus>(row.GetString(5)),
            StoredEnums.Parse<FulfilmentStatus>(row.GetString(6)),
            row.IsDBNull(7) ? null : row.GetString(7),
            row.GetInt64(8),
            row.GetInt64(9),
            row.GetInt64(10),
            row.GetInt64(11),
            row.GetInt64(12),
            row.GetInt64(13),
            time(row, 14),
            time(row, 15),
            time(row, 16),
            address(row, 17),
            address(row, 18),
            metadata(row, 19));

        public MoneyDto Money(long amount) => new(amount, Currency);

        public OrderResponse ToResponse(
            IReadOnlyList<OrderLineResponse> lines, IReadOnlyList<ShipmentResponse> shipments, IReadOnlyList<RefundResponse> refunds) =>
            new OrderResponse(
                Id,
                OrderNumbers.Format(Number),
                CustomerId,
                Currency,
                StateNames.Of(Status),
                StateNames.Of(PaymentStatus),
                StateNames.Of(FulfilmentStatus),
                ClientActions.Of(OrderStateMachine.AllowedActions(Status, PaymentStatus, FulfilmentStatus)),
                lines,
                Money(Subtotal),
                Money(ShippingFee),
                Money(Total),
                Money(AmountPaid),
                Money(AmountRefunded),
                PaymentReference,
                ShippingAddress,
                BillingAddress,
                Metadata,
                shipments,
                refunds,
                CreatedAt,
                UpdatedAt,
                PaymentDueAt).InStableOrder();
    }
}
