using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Domain.Orders;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Seeding;

/// <summary>
/// Loads demo data with binary <c>COPY</c>, table by table, on the context's connection inside one transaction.
/// The column lists below must name every column of their table (checked against the EF model before loading);
/// values are converted exactly as the EF mappings would: PII through the model's own encrypting converters, enums as
/// their snake_case names, money as amount + currency, times as UTC <c>timestamptz</c>.
/// </summary>
internal sealed class PostgresBulkWriter(OrdoDbContext db) : IDemoDataWriter
{
    internal static readonly FrozenDictionary<string, string[]> Columns = new Dictionary<string, string[]>
    {
        ["products"] = ["id", "sku", "name", "description", "status", "stock_on_hand", "stock_reserved", "created_at", "updated_at", "version", "unit_price_amount", "unit_price_currency", "metadata"],
        ["stock_movements"] = ["id", "product_id", "kind", "quantity", "reason", "order_id", "occurred_at"],
        ["customers"] = ["id", "name", "email_encrypted", "phone_encrypted", "created_at", "updated_at", "email_index", "version", "addresses_encrypted", "metadata"],
        ["orders"] =
        [
            "id", "number", "customer_id", "currency", "status", "payment_status", "fulfilment_status", "payment_reference", "created_at", "updated_at", "version", "event_count",
            "amount_paid_amount", "amount_paid_currency", "amount_refunded_amount", "amount_refunded_currency", "shipping_fee_amount", "shipping_fee_currency",
            "subtotal_amount", "subtotal_currency", "total_amount", "total_currency", "payment_due_at",
            "shipping_address_encrypted", "billing_address_encrypted", "metadata",
        ],
        ["order_lines"] = ["id", "product_id", "sku", "product_name", "quantity", "shipped_quantity", "order_id", "unit_price_amount", "unit_price_currency"],
        ["order_events"] = ["id", "order_id", "sequence", "type", "actor", "data", "occurred_at"],
        ["refunds"] = ["id", "reason", "actor", "created_at", "order_id", "amount_amount", "amount_currency"],
        ["shipments"] = ["id", "carrier", "tracking_number", "shipped_at", "delivered_at", "order_id"],
        ["shipment_lines"] = ["order_line_id", "shipment_id", "quantity"],
    }.ToFrozenDictionary();

    private static readonly string[] OrderStatuses = Names<OrderStatus>();
    private static readonly string[] PaymentStatuses = Names<PaymentStatus>();
    private static readonly string[] FulfilmentStatuses = Names<FulfilmentStatus>();
    private static readonly string[] ProductStatuses = Names<ProductStatus>();
    private static readonly string[] MovementKinds = Names<StockMovementKind>();

    /// <summary>Tables that grow with the orders; their secondary indexes and foreign keys are rebuilt after loading.</summary>
    private static readonly string[] OrderTables = ["orders", "order_lines", "order_events", "refunds", "shipments", "shipment_lines", "stock_movements"];

    private readonly List<string> _rebuild = [];
    private IDbContextTransaction? _transaction;
    private NpgsqlConnection _connection = null!;
    private ValueConverter _email = null!;
    private ValueConverter _phone = null!;
    private ValueConverter _addresses = null!;
    private ValueConverter _orderAddress = null!;
    private ValueConverter _metadata = null!;
    private ValueConverter _eventData = null!;

    /// <summary>Tables whose columns differ from <see cref="Columns"/> (a migration added or renamed one), described.</summary>
    public static IReadOnlyList<string> ColumnMismatches(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var relational = model.GetRelationalModel();
        var problems = new List<string>();
        foreach (var (table, columns) in Columns)
        {
            var actual = relational.FindTable(table, null)?.Columns.Select(column => column.Name).ToHashSet() ?? [];
            var missing = actual.Except(columns).Order(StringComparer.Ordinal).ToList();
            var unknown = columns.Except(actual).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || unknown.Count > 0)
            {
                problems.Add($"{table}: not loaded [{string.Join(", ", missing)}], not in the model [{string.Join(", ", unknown)}]");
            }
        }

        return problems;
    }

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        if (ColumnMismatches(db.Model) is { Count: > 0 } mismatches)
        {
            throw new InvalidOperationException("The seed's bulk loader is out of date with the schema: " + string.Join("; ", mismatches));
        }

        var customer = db.Model.FindEntityType(typeof(Customer))!;
        _email = Converter(customer, nameof(Customer.Email));
        _phone = Converter(customer, nameof(Customer.Phone));
        _addresses = Converter(customer, "_addresses");
        _eventData = Converter(db.Model.FindEntityType(typeof(OrderEvent))!, nameof(OrderEvent.Data));
        _orderAddress = Converter(db.Model.FindEntityType(typeof(Order))!, nameof(Order.ShippingAddress));
        _metadata = Converter(db.Model.FindEntityType(typeof(Order))!, nameof(Order.Metadata));

        _transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        _connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Losing the last moments of a seed to a crash costs nothing: it can be run again.
        await db.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL maintenance_work_mem = '256MB'", cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await SetIndexesAsideAsync(cancellationToken);
    }

    /// <summary>
    /// Drops the indexes, primary keys and foreign keys of the order tables, remembering their exact definitions from
    /// the catalogue, so that rows load without per-row index maintenance (ids arrive in random order) and foreign-key
    /// triggers; <see cref="CommitAsync"/> builds each again in one sorted pass, which also checks every row. All of it
    /// happens in the seed's transaction (other sessions wait for the tables meanwhile), and only when this role owns
    /// the tables.
    /// </summary>
    private async Task SetIndexesAsideAsync(CancellationToken cancellationToken)
    {
        const string Tables = "(SELECT unnest({0}::text[])::regclass)";
        var owned = await db.Database
            .SqlQueryRaw<bool>($"SELECT coalesce(bool_and(pg_has_role(relowner, 'USAGE')), false) AS \"Value\" FROM pg_class WHERE oid IN {Tables}", [OrderTables])
            .SingleAsync(cancellationToken);
        if (!owned)
        {
            return;
        }

        // Rank orders the rebuild: indexes, then primary keys, then the foreign keys that need them; drops go in reverse.
        // Every foreign key touching the tables goes, including ones from elsewhere that point at their primary keys.
        var definitions = await db.Database.SqlQueryRaw<IndexDefinition>(
            $"""
            SELECT CASE contype WHEN 'p' THEN 1 ELSE 2 END AS "Rank",
                   format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname) AS "Drop",
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS "Create"
            FROM pg_constraint
            WHERE (contype = 'p' AND conrelid IN {Tables}) OR (contype = 'f' AND (conrelid IN {Tables} OR confrelid IN {Tables}))
            UNION ALL
            SELECT 0, format('DROP INDEX %s', indexrelid::regclass), pg_get_indexdef(indexrelid)
            FROM pg_index
            WHERE indrelid IN {Tables}
              AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = pg_index.indexrelid)
            """,
            [OrderTables]).ToListAsync(cancellationToken);

        foreach (var definition in definitions.OrderByDescending(d => d.Rank))
        {
            await db.Database.ExecuteSqlRawAsync(definition.Drop, cancellationToken);
        }

        _rebuild.AddRange(definitions.OrderBy(d => d.Rank).Select(d => d.Create));
    }

    public async Task<long> ReserveOrderNumbersAsync(int count, CancellationToken cancellationToken)
    {
        // setval is not transactional: a failed seed leaves a gap in the numbers, as a rolled-back order does.
        var last = await db.Database
            .SqlQueryRaw<long>($"SELECT setval('{OrderNumbers.SequenceName}', nextval('{OrderNumbers.SequenceName}') + {{0}} - 1) AS \"Value\"", (long)count)
            .SingleAsync(cancellationToken);
        return last - count + 1;
    }

    public Task WriteCatalogueAsync(IReadOnlyList<Product> products, IReadOnlyList<StockMovement> receipts, CancellationToken cancellationToken)
    {
        Copy("products", products, WriteProduct);
        Copy("stock_movements", receipts, WriteMovement);
        return Task.CompletedTask;
    }

    public Task WriteCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken cancellationToken)
    {
        Copy("customers", customers, WriteCustomer);
        return Task.CompletedTask;
    }

    public Task WriteOrdersAsync(OrderBatch batch, long firstNumber, CancellationToken cancellationToken)
    {
        var orders = batch.Orders;
        var number = firstNumber;
        Copy("orders", orders, (writer, order) => WriteOrder(writer, order, number++));
        Copy("order_lines", orders.SelectMany(order => order.Lines.Select(line => (order, line))), (writer, row) => WriteLine(writer, row.order, row.line));
        Copy("order_events", orders.SelectMany(order => order.Events), WriteEvent);
        Copy("refunds", orders.SelectMany(order => order.Refunds.Select(refund => (order, refund))), (writer, row) => WriteRefund(writer, row.order, row.refund));
        Copy("shipments", orders.SelectMany(order => order.Shipments.Select(shipment => (order, shipment))), (writer, row) => WriteShipment(writer, row.order, row.shipment));
        Copy("shipment_lines", orders.SelectMany(order => order.Shipments).SelectMany(shipment => shipment.Lines.Select(line => (shipment, line))), (writer, row) =>
        {
            writer.Write(row.line.OrderLineId, NpgsqlDbType.Uuid);
            writer.Write(row.shipment.Id, NpgsqlDbType.Uuid);
            writer.Write(row.line.Quantity, NpgsqlDbType.Integer);
        });
        Copy("stock_movements", batch.Movements, WriteMovement);
        return Task.CompletedTask;
    }

    public async Task WriteStockLevelsAsync(IReadOnlyList<Product> products, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TEMPORARY TABLE seed_stock_levels (id uuid, status varchar(32), stock_on_hand integer, stock_reserved integer, updated_at timestamptz) ON COMMIT DROP",
            cancellationToken);
        CopyInto("seed_stock_levels (id, status, stock_on_hand, stock_reserved, updated_at)", products, (writer, product) =>
        {
            writer.Write(product.Id, NpgsqlDbType.Uuid);
            writer.Write(ProductStatuses[(int)product.Status], NpgsqlDbType.Varchar);
            writer.Write(product.StockOnHand, NpgsqlDbType.Integer);
            writer.Write(product.StockReserved, NpgsqlDbType.Integer);
            writer.Write(product.UpdatedAt, NpgsqlDbType.TimestampTz);
        });
        await db.Database.ExecuteSqlRawAsync(
            """
            UPDATE products AS p
            SET status = s.status, stock_on_hand = s.stock_on_hand, stock_reserved = s.stock_reserved,
                updated_at = s.updated_at, version = p.version + 1
            FROM seed_stock_levels AS s
            WHERE p.id = s.id
            """,
            cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        foreach (var create in _rebuild)
        {
            await db.Database.ExecuteSqlRawAsync(create, cancellationToken);
        }

        // No ANALYZE here: autovacuum analyses the new tables shortly; a benchmark should run ANALYZE before measuring.
        await _transaction!.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
    }

    private void Copy<T>(string table, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> write) =>
        CopyInto($"{table} ({string.Join(", ", Columns[table])})", rows, write);

    // Synchronous writes: the importer buffers, and per-value async calls would cost more than the I/O they hide.
    private void CopyInto<T>(string target, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> write)
    {
        using var writer = _connection.BeginBinaryImport($"COPY {target} FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            writer.StartRow();
            write(writer, row);
        }

        writer.Complete();
    }

    private void WriteProduct(NpgsqlBinaryImporter writer, Product product)
    {
        writer.Write(product.Id, NpgsqlDbType.Uuid);
        writer.Write(product.Sku.Value, NpgsqlDbType.Varchar);
        writer.Write(product.Name, NpgsqlDbType.Varchar);
        WriteNullable(writer, product.Description, NpgsqlDbType.Varchar);
        writer.Write(ProductStatuses[(int)product.Status], NpgsqlDbType.Varchar);
        writer.Write(product.StockOnHand, NpgsqlDbType.Integer);
        writer.Write(product.StockReserved, NpgsqlDbType.Integer);
        writer.Write(product.CreatedAt, NpgsqlDbType.TimestampTz);
        writer.Write(product.UpdatedAt, NpgsqlDbType.TimestampTz);
        writer.Write(0L, NpgsqlDbType.Bigint);
        WriteMoney(writer, product.UnitPrice);
        WriteMetadata(writer, product.Metadata);
    }

    private void WriteMetadata(NpgsqlBinaryImporter writer, IReadOnlyDictionary<string, string> metadata) =>
        writer.Write((string)_metadata.ConvertToProvider(metadata)!, NpgsqlDbType.Text);

    private void WriteAddress(NpgsqlBinaryImporter writer, Ordo.Domain.Customers.Address? address) =>
        WriteNullable(writer, address is null ? null : (string?)_orderAddress.ConvertToProvider(address), NpgsqlDbType.Text);

    private static void WriteMovement(NpgsqlBinaryImporter writer, StockMovement movement)
    {
        writer.Write(movement.Id, NpgsqlDbType.Uuid);
        writer.Write(movement.ProductId, NpgsqlDbType.Uuid);
        writer.Write(MovementKinds[(int)movement.Kind], NpgsqlDbType.Varchar);
        writer.Write(movement.Quantity, NpgsqlDbType.Integer);
        WriteNullable(writer, movement.Reason, NpgsqlDbType.Varchar);
        if (movement.OrderId is { } orderId)
        {
            writer.Write(orderId, NpgsqlDbType.Uuid);
        }
        else
        {
            writer.WriteNull();
        }

        writer.Write(movement.OccurredAt, NpgsqlDbType.TimestampTz);
    }

    private void WriteCustomer(NpgsqlBinaryImporter writer, Customer customer)
    {
        writer.Write(customer.Id, NpgsqlDbType.Uuid);
        writer.Write(customer.Name, NpgsqlDbType.Varchar);
        writer.Write((string)_email.ConvertToProvider(customer.Email)!, NpgsqlDbType.Text);
        WriteNullable(writer, (string?)_phone.ConvertToProvider(customer.Phone), NpgsqlDbType.Text);
        writer.Write(customer.CreatedAt, NpgsqlDbType.TimestampTz);
        writer.Write(customer.UpdatedAt, NpgsqlDbType.TimestampTz);
        writer.Write(db.EmailIndexOf(customer.Email), NpgsqlDbType.Varchar);
        writer.Write(0L, NpgsqlDbType.Bigint);
        writer.Write((string)_addresses.ConvertToProvider(customer.Addresses.ToList())!, NpgsqlDbType.Text);
        WriteMetadata(writer, customer.Metadata);
    }

    private void WriteOrder(NpgsqlBinaryImporter writer, Order order, long number)
    {
        writer.Write(order.Id, NpgsqlDbType.Uuid);
        writer.Write(number, NpgsqlDbType.Bigint);
        writer.Write(order.CustomerId, NpgsqlDbType.Uuid);
        writer.Write(order.Currency, NpgsqlDbType.Char);
        writer.Write(OrderStatuses[(int)order.Status], NpgsqlDbType.Varchar);
        writer.Write(PaymentStatuses[(int)order.PaymentStatus], NpgsqlDbType.Varchar);
        writer.Write(FulfilmentStatuses[(int)order.FulfilmentStatus], NpgsqlDbType.Varchar);
        WriteNullable(writer, order.PaymentReference, NpgsqlDbType.Varchar);
        writer.Write(order.CreatedAt, NpgsqlDbType.TimestampTz);
        writer.Write(order.UpdatedAt, NpgsqlDbType.TimestampTz);
        writer.Write(0L, NpgsqlDbType.Bigint);
        writer.Write(order.EventCount, NpgsqlDbType.Integer);
        WriteMoney(writer, order.AmountPaid);
        WriteMoney(writer, order.AmountRefunded);
        WriteMoney(writer, order.ShippingFee);
        WriteMoney(writer, order.Subtotal);
        WriteMoney(writer, order.Total);
        writer.Write(order.PaymentDueAt, NpgsqlDbType.TimestampTz);
        WriteAddress(writer, order.ShippingAddress);
        WriteAddress(writer, order.BillingAddress);
        WriteMetadata(writer, order.Metadata);
    }

    private static void WriteLine(NpgsqlBinaryImporter writer, Order order, OrderLine line)
    {
        writer.Write(line.Id, NpgsqlDbType.Uuid);
        writer.Write(line.ProductId, NpgsqlDbType.Uuid);
        writer.Write(line.Sku.Value, NpgsqlDbType.Varchar);
        writer.Write(line.ProductName, NpgsqlDbType.Varchar);
        writer.Write(line.Quantity, NpgsqlDbType.Integer);
        writer.Write(line.ShippedQuantity, NpgsqlDbType.Integer);
        writer.Write(order.Id, NpgsqlDbType.Uuid);
        WriteMoney(writer, line.UnitPrice);
    }

    private void WriteEvent(NpgsqlBinaryImporter writer, OrderEvent orderEvent)
    {
        writer.Write(orderEvent.Id, NpgsqlDbType.Uuid);
        writer.Write(orderEvent.OrderId, NpgsqlDbType.Uuid);
        writer.Write(orderEvent.Sequence, NpgsqlDbType.Integer);
        writer.Write(orderEvent.Type, NpgsqlDbType.Varchar);
        writer.Write(orderEvent.Actor, NpgsqlDbType.Varchar);
        writer.Write((string)_eventData.ConvertToProvider(orderEvent.Data)!, NpgsqlDbType.Text);
        writer.Write(orderEvent.OccurredAt, NpgsqlDbType.TimestampTz);
    }

    private static void WriteRefund(NpgsqlBinaryImporter writer, Order order, Refund refund)
    {
        writer.Write(refund.Id, NpgsqlDbType.Uuid);
        writer.Write(refund.Reason, NpgsqlDbType.Varchar);
        writer.Write(refund.Actor, NpgsqlDbType.Varchar);
        writer.Write(refund.CreatedAt, NpgsqlDbType.TimestampTz);
        writer.Write(order.Id, NpgsqlDbType.Uuid);
        WriteMoney(writer, refund.Amount);
    }

    private static void WriteShipment(NpgsqlBinaryImporter writer, Order order, Shipment shipment)
    {
        writer.Write(shipment.Id, NpgsqlDbType.Uuid);
        writer.Write(shipment.Carrier, NpgsqlDbType.Varchar);
        writer.Write(shipment.TrackingNumber, NpgsqlDbType.Varchar);
        writer.Write(shipment.ShippedAt, NpgsqlDbType.TimestampTz);
        if (shipment.DeliveredAt is { } deliveredAt)
        {
            writer.Write(deliveredAt, NpgsqlDbType.TimestampTz);
        }
        else
        {
            writer.WriteNull();
        }

        writer.Write(order.Id, NpgsqlDbType.Uuid);
    }

    private static void WriteMoney(NpgsqlBinaryImporter writer, Money money)
    {
        writer.Write(money.Amount, NpgsqlDbType.Bigint);
        writer.Write(money.Currency, NpgsqlDbType.Varchar);
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, type);
        }
    }

    private static ValueConverter Converter(IEntityType entity, string property) =>
        entity.FindProperty(property)?.GetValueConverter()
        ?? throw new InvalidOperationException($"{entity.DisplayName()}.{property} has no value converter; the seed's bulk loader needs updating.");

    private sealed record IndexDefinition(int Rank, string Drop, string Create);

    private static string[] Names<TEnum>()
        where TEnum : struct, Enum => [.. Enum.GetValues<TEnum>().Select(value => StateNames.Of(value))];
}
