using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
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
/// Each table's columns come from the EF model, and each value is read and converted as EF would save it (PII through
/// the model's encrypting converters, enums as their snake_case names, money as amount + currency), so a new column
/// needs no change here unless EF fills it itself: those (the version, the email's lookup hash, the order number and
/// the owners' foreign keys) are given by <see cref="Copy{TRow}"/>'s callers. A shadow or EF-generated column without a
/// given value, or a given value for a column the table doesn't have, fails the load before any row is written.
/// </summary>
internal sealed class PostgresBulkWriter(OrdoDbContext db) : IDemoDataWriter
{
    /// <summary>Tables that grow with the orders; their secondary indexes and foreign keys are rebuilt after loading.</summary>
    private static readonly string[] OrderTables = ["orders", "order_lines", "order_events", "refunds", "shipments", "shipment_lines", "stock_movements"];

    private readonly List<string> _rebuild = [];
    private IDbContextTransaction? _transaction;
    private NpgsqlConnection _connection = null!;

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
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
        Copy("products", products, product => product, Filled<Product>((Versioning.Property, _ => 0L)));
        Copy("stock_movements", receipts, movement => movement);
        return Task.CompletedTask;
    }

    public Task WriteCustomersAsync(IReadOnlyList<Customer> customers, CancellationToken cancellationToken)
    {
        Copy("customers", customers, customer => customer, Filled<Customer>(
            (Versioning.Property, _ => 0L), (OrdoDbContext.EmailIndexProperty, customer => db.EmailIndexOf(customer.Email))));
        return Task.CompletedTask;
    }

    public Task WriteOrdersAsync(OrderBatch batch, long firstNumber, CancellationToken cancellationToken)
    {
        var orders = batch.Orders;
        var number = firstNumber;
        Copy("orders", orders, order => order, Filled<Order>((Versioning.Property, _ => 0L), (nameof(Order.Number), _ => number++)));
        Copy("order_lines", orders.SelectMany(order => order.Lines.Select(line => (order, line))), row => row.line, OwnedBy<(Order order, OrderLine line)>(row => row.order.Id));
        Copy("order_events", orders.SelectMany(order => order.Events), orderEvent => orderEvent);
        Copy("refunds", orders.SelectMany(order => order.Refunds.Select(refund => (order, refund))), row => row.refund, OwnedBy<(Order order, Refund refund)>(row => row.order.Id));
        Copy("shipments", orders.SelectMany(order => order.Shipments.Select(shipment => (order, shipment))), row => row.shipment, OwnedBy<(Order order, Shipment shipment)>(row => row.order.Id));
        Copy(
            "shipment_lines",
            orders.SelectMany(order => order.Shipments).SelectMany(shipment => shipment.Lines.Select(line => (shipment, line))),
            row => row.line,
            Filled<(Shipment shipment, ShipmentLine line)>(("ShipmentId", row => row.shipment.Id)));
        Copy("stock_movements", batch.Movements, movement => movement);
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
            writer.Write(StateNames.Of(product.Status), NpgsqlDbType.Varchar);
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

    /// <summary>
    /// COPYs <paramref name="rows"/> into <paramref name="table"/>: every column the EF model maps there, from the
    /// property of <paramref name="entityOf"/>'s entity that EF would save to it, or from <paramref name="filled"/> for
    /// the columns EF fills itself.
    /// </summary>
    private void Copy<TRow>(string table, IEnumerable<TRow> rows, Func<TRow, object> entityOf, IReadOnlyDictionary<string, Func<TRow, object?>>? filled = null)
    {
        var columns = ColumnsOf(db.Model, table, filled ?? new Dictionary<string, Func<TRow, object?>>());
        CopyInto($"{table} ({string.Join(", ", columns.Select(column => column.Name))})", rows, (writer, row) =>
        {
            var entity = entityOf(row);
            foreach (var column in columns)
            {
                if (column.Value(row, entity) is { } value)
                {
                    // Binary COPY carries no type per value: the provider value's own type gives its wire format.
                    writer.Write(value);
                }
                else
                {
                    writer.WriteNull();
                }
            }
        });
    }

    /// <summary>The columns of <paramref name="table"/> and where each value comes from; throws when one has none.</summary>
    internal static List<CopiedColumn<TRow>> ColumnsOf<TRow>(IModel model, string table, IReadOnlyDictionary<string, Func<TRow, object?>> filled)
    {
        var mapped = model.GetRelationalModel().FindTable(table, null) ?? throw new InvalidOperationException($"The model maps no table {table}.");
        var columns = new List<CopiedColumn<TRow>>();
        var unused = filled.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var column in mapped.Columns.Where(column => column.ComputedColumnSql is null))
        {
            var property = column.PropertyMappings.Single().Property;
            if (property.DeclaringType is IEntityType && filled.TryGetValue(property.Name, out var fill))
            {
                unused.Remove(property.Name);
                columns.Add(new(column.Name, (row, _) => fill(row)));
                continue;
            }

            if (property.IsShadowProperty() || property.GetValueGeneratorFactory() is not null)
            {
                throw new InvalidOperationException($"The seed's bulk loader has no value for {table}.{column.Name}, which EF fills itself ({property.Name}).");
            }

            var getter = property.GetGetter();
            var converter = property.GetTypeMapping().Converter;
            columns.Add(new(column.Name, (_, entity) => getter.GetClrValueUsingContainingEntity(entity) is { } value
                ? converter is null ? value : converter.ConvertToProvider(value)
                : null));
        }

        if (unused.Count > 0)
        {
            throw new InvalidOperationException($"The seed's bulk loader fills {string.Join(", ", unused)}, which {table} doesn't have.");
        }

        return columns;
    }

    internal static Dictionary<string, Func<TRow, object?>> Filled<TRow>(params (string Property, Func<TRow, object?> Value)[] values) =>
        values.ToDictionary(value => value.Property, value => value.Value, StringComparer.Ordinal);

    /// <summary>The owning order's id, for a row of a table whose rows the order holds.</summary>
    private static Dictionary<string, Func<TRow, object?>> OwnedBy<TRow>(Func<TRow, Guid> orderId) => Filled<TRow>(("OrderId", row => orderId(row)));

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

    private sealed record IndexDefinition(int Rank, string Drop, string Create);

    internal sealed record CopiedColumn<TRow>(string Name, Func<TRow, object, object?> Value);
}
