using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Seeding;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Seeding;

/// <summary>Two fresh databases seeded with the same sizes and random seed, shared by the tests of a provider.</summary>
public abstract class SeededDatabases<TApi> : IAsyncLifetime
    where TApi : ApiFixture, new()
{
    public static readonly SeedSizes Sizes = new(Products: 30, Customers: 40, Orders: 300, RandomSeed: 7);
    public static readonly DateTimeOffset AsOf = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);

    public TApi First { get; } = new();

    public TApi Second { get; } = new();

    public SeedSummary? Summary { get; private set; }

    /// <summary>Every index and constraint definition of the first database before seeding (the PostgreSQL loader rebuilds some).</summary>
    public IReadOnlyList<string> SchemaBeforeSeeding { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        await First.InitializeAsync();
        await Second.InitializeAsync();
        if (First.UnavailableReason is not null)
        {
            return;
        }

        SchemaBeforeSeeding = await SeedTests.SchemaAsync(First);
        Summary = await SeedAsync(First);
        await SeedAsync(Second);
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static async Task<SeedSummary> SeedAsync(ApiFixture fixture)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(Sizes, asOf: AsOf);
        Assert.True(seeded.IsSuccess, seeded.Error?.Message);
        return seeded.Value;
    }
}

/// <summary>
/// Seeded data is dated <see cref="SeededDatabases{TApi}.AsOf"/>, so its unpaid orders are long overdue: the expiry job would
/// release them in one database and not yet in the other, and the two would differ.
/// </summary>
public class SeedSqliteFixture : SqliteApiFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" };
}

public class SeedPostgresFixture : PostgresApiFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" };
}

public sealed class SeededSqliteDatabases : SeededDatabases<SeedSqliteFixture>;

public sealed class SeededPostgresDatabases : SeededDatabases<SeedPostgresFixture>;

public abstract class SeedTests
{
    private readonly ApiFixture _first;
    private readonly ApiFixture _second;
    private readonly SeedSummary _summary;
    private readonly IReadOnlyList<string> _schemaBeforeSeeding;

    protected SeedTests(ApiFixture first, ApiFixture second, SeedSummary? summary, IReadOnlyList<string> schemaBeforeSeeding)
    {
        first.SkipWhenUnavailable();
        _first = first;
        _second = second;
        _summary = summary!;
        _schemaBeforeSeeding = schemaBeforeSeeding;
    }

    private static SeedSizes Sizes => SeededSqliteDatabases.Sizes;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Seeding_creates_the_requested_numbers_of_products_customers_and_orders()
    {
        Assert.Equal((Sizes.Products, Sizes.Customers, Sizes.Orders), (_summary.Products, _summary.Customers, _summary.Orders));
        Assert.Equal(Sizes.Products, await ScalarAsync<long>(_first, "SELECT count(*) FROM products"));
        Assert.Equal(Sizes.Customers, await ScalarAsync<long>(_first, "SELECT count(*) FROM customers"));
        Assert.Equal(Sizes.Orders, await ScalarAsync<long>(_first, "SELECT count(*) FROM orders"));
        Assert.Equal(1, await ScalarAsync<long>(_first, "SELECT min(number) FROM orders"));
        Assert.Equal(Sizes.Orders, await ScalarAsync<long>(_first, "SELECT max(number) FROM orders"));
    }

    [Fact]
    public async Task Seeding_publishes_no_domain_events_and_audits_nothing_generated_history_is_not_news()
    {
        Assert.Equal(0, await ScalarAsync<long>(_first, "SELECT count(*) FROM outbox_messages"));
        // Both providers alike: the PostgreSQL loader's COPY bypasses EF, the SQLite writer's saves derive nothing.
        Assert.Equal(0, await ScalarAsync<long>(_first, "SELECT count(*) FROM audit_entries WHERE resource_type IN ('order', 'product', 'customer')"));
    }

    [Fact]
    public async Task Every_status_payment_and_fulfilment_state_appears()
    {
        var states = await RowsAsync(_first, "SELECT DISTINCT status, payment_status, fulfilment_status FROM orders", row => (row.GetString(0), row.GetString(1), row.GetString(2)));

        Assert.Equal(
            ["cancelled", "completed", "expired", "open", "pending"],
            states.Select(s => s.Item1).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            ["paid", "partially_refunded", "refunded", "unpaid"],
            states.Select(s => s.Item2).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            ["delivered", "fulfilled", "partially_fulfilled", "unfulfilled"],
            states.Select(s => s.Item3).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(("cancelled", "refunded", "unfulfilled"), states);
        Assert.Contains(("cancelled", "unpaid", "unfulfilled"), states);
        Assert.Contains(("completed", "partially_refunded", "delivered"), states);
        Assert.Contains(("open", "partially_refunded", "unfulfilled"), states);
    }

    [Fact]
    public async Task Stock_counters_hold_the_invariant_and_reserved_is_what_pending_and_open_orders_still_owe()
    {
        var products = await RowsAsync(
            _first,
            """
            SELECT p.sku, p.stock_on_hand, p.stock_reserved,
                   (SELECT coalesce(sum(l.quantity - l.shipped_quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
                    WHERE l.product_id = p.id AND o.status IN ('pending', 'open'))
            FROM products p
            """,
            row => (Sku: row.GetString(0), OnHand: row.GetInt64(1), Reserved: row.GetInt64(2), Owed: row.GetInt64(3)));

        Assert.Equal(Sizes.Products, products.Count);
        Assert.All(products, p => Assert.True(p.Reserved >= 0 && p.Reserved <= p.OnHand, $"{p.Sku}: {p.Reserved} reserved of {p.OnHand}"));
        Assert.All(products, p => Assert.True(p.Reserved == p.Owed, $"{p.Sku}: {p.Reserved} reserved, orders owe {p.Owed}"));
        Assert.Contains(products, p => p.Reserved > 0);
    }

    [Fact]
    public async Task The_stock_ledger_of_every_product_adds_up_to_its_counters()
    {
        var mismatches = await RowsAsync(
            _first,
            """
            SELECT p.sku, p.stock_on_hand, p.stock_reserved,
                   coalesce(sum(CASE WHEN m.kind IN ('receipt', 'adjustment', 'shipment') THEN m.quantity END), 0),
                   coalesce(sum(CASE WHEN m.kind IN ('reservation', 'release', 'shipment') THEN m.quantity END), 0)
            FROM products p LEFT JOIN stock_movements m ON m.product_id = p.id
            GROUP BY p.id, p.sku, p.stock_on_hand, p.stock_reserved
            HAVING p.stock_on_hand <> coalesce(sum(CASE WHEN m.kind IN ('receipt', 'adjustment', 'shipment') THEN m.quantity END), 0)
                OR p.stock_reserved <> coalesce(sum(CASE WHEN m.kind IN ('reservation', 'release', 'shipment') THEN m.quantity END), 0)
            """,
            row => $"{row.GetString(0)}: on hand {row.GetInt64(1)} vs ledger {row.GetInt64(3)}, reserved {row.GetInt64(2)} vs ledger {row.GetInt64(4)}");

        Assert.Empty(mismatches);
        Assert.Equal(Sizes.Products, await ScalarAsync<long>(_first, "SELECT count(*) FROM stock_movements WHERE kind = 'receipt' AND reason = 'Initial stock'"));
        Assert.Equal(0, await ScalarAsync<long>(
            _first,
            "SELECT count(*) FROM stock_movements m WHERE m.order_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = m.order_id)"));
    }

    [Fact]
    public async Task Order_amounts_add_up_and_refunds_never_exceed_what_was_paid()
    {
        var problems = await RowsAsync(
            _first,
            """
            SELECT o.number, o.subtotal_amount, o.shipping_fee_amount, o.total_amount, o.amount_paid_amount, o.amount_refunded_amount,
                   (SELECT coalesce(sum(l.unit_price_amount * l.quantity), 0) FROM order_lines l WHERE l.order_id = o.id),
                   (SELECT coalesce(sum(r.amount_amount), 0) FROM refunds r WHERE r.order_id = o.id),
                   o.payment_status
            FROM orders o
            """,
            row => (Number: row.GetInt64(0), Subtotal: row.GetInt64(1), Fee: row.GetInt64(2), Total: row.GetInt64(3), Paid: row.GetInt64(4),
                Refunded: row.GetInt64(5), Lines: row.GetInt64(6), Refunds: row.GetInt64(7), Payment: row.GetString(8)));

        Assert.All(problems, o =>
        {
            Assert.Equal(o.Lines, o.Subtotal);
            Assert.Equal(o.Subtotal + o.Fee, o.Total);
            Assert.Equal(o.Refunds, o.Refunded);
            Assert.InRange(o.Refunded, 0, o.Paid);
            Assert.Equal(o.Payment == "unpaid" ? 0 : o.Total, o.Paid);
            Assert.Equal(o.Payment == "refunded", o.Paid > 0 && o.Refunded == o.Paid);
        });
    }

    [Fact]
    public async Task Shipped_quantities_match_the_shipments_and_orders_read_back_through_the_domain()
    {
        Assert.Equal(0, await ScalarAsync<long>(
            _first,
            "SELECT count(*) FROM order_lines l WHERE l.shipped_quantity <> (SELECT coalesce(sum(s.quantity), 0) FROM shipment_lines s WHERE s.order_line_id = l.id)"));

        await using var scope = _first.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var orders = await db.Orders.AsNoTracking().OrderBy(o => o.Number).Take(50).ToListAsync(Cancellation);
        var events = await db.OrderEvents.AsNoTracking().Where(e => orders.Select(o => o.Id).Contains(e.OrderId)).ToListAsync(Cancellation);

        Assert.Equal(50, orders.Count);
        Assert.All(orders, order =>
        {
            var timeline = events.Where(e => e.OrderId == order.Id).OrderBy(e => e.Sequence).ToList();
            Assert.Equal(OrderEventTypes.Placed, timeline[0].Type);
            Assert.Equal(order.Total.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), timeline[0].Data["total"]);
            Assert.Equal(Enumerable.Range(1, timeline.Count), timeline.Select(e => e.Sequence));
            Assert.All(order.Shipments.SelectMany(s => s.Lines), line => Assert.Contains(order.Lines, l => l.Id == line.OrderLineId));
            Assert.True(order.CreatedAt <= order.UpdatedAt && order.UpdatedAt <= SeededSqliteDatabases.AsOf, $"{order.Number}: {order.CreatedAt} → {order.UpdatedAt}");
        });
    }

    [Fact]
    public async Task The_same_random_seed_produces_the_same_data()
    {
        const string Catalogue = "SELECT sku || '|' || name || '|' || unit_price_amount || '|' || status || '|' || stock_on_hand || '|' || stock_reserved FROM products ORDER BY sku";
        const string Orders =
            """
            SELECT o.number || '|' || o.status || '|' || o.payment_status || '|' || o.fulfilment_status || '|' || o.total_amount || '|' || o.amount_refunded_amount
                   || '|' || c.name || '|' || (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id)
            FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.number
            """;

        var first = await RowsAsync(_first, Catalogue, row => row.GetString(0));
        var second = await RowsAsync(_second, Catalogue, row => row.GetString(0));
        Assert.Equal(Sizes.Products, first.Count);
        Assert.Equal(first, second);
        Assert.Equal(await RowsAsync(_first, Orders, row => row.GetString(0)), await RowsAsync(_second, Orders, row => row.GetString(0)));
    }

    [Fact]
    public async Task Customer_contact_details_are_stored_encrypted_and_read_back_in_clear()
    {
        var stored = await RowsAsync(_first, "SELECT email_encrypted, email_index, addresses_encrypted FROM customers", row => (row.GetString(0), row.GetString(1), row.GetString(2)));

        Assert.All(stored, row =>
        {
            Assert.DoesNotContain("@", row.Item1, StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{64}$", row.Item2);
            Assert.DoesNotContain("Line1", row.Item3, StringComparison.Ordinal);
        });

        await using var scope = _first.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var customers = await db.Customers.AsNoTracking().ToListAsync(Cancellation);
        Assert.All(customers, customer =>
        {
            Assert.Matches(@"@example\.(com|net|org)$", customer.Email.Value);
            Assert.NotEmpty(customer.Addresses);
        });
        Assert.Equal(customers.Count, customers.Select(c => c.Email).Distinct().Count());
        var one = customers[0];
        Assert.True(await db.CustomersWithEmail(one.Email).AnyAsync(Cancellation));
    }

    [Fact]
    public async Task A_database_that_already_has_data_is_not_seeded_again()
    {
        await using var scope = _first.Factory.Services.CreateAsyncScope();
        var again = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(new SeedSizes(1, 1, 1), cancellationToken: Cancellation);

        Assert.True(again.IsFailure);
        Assert.Equal(SeedingErrors.DatabaseNotEmpty.Code, again.Error.Code);
        Assert.Equal(ErrorKind.Conflict, again.Error.Kind);
        Assert.Equal(Sizes.Orders, await ScalarAsync<long>(_first, "SELECT count(*) FROM orders"));
    }

    [Fact]
    public async Task The_order_number_counter_continues_after_the_seeded_numbers()
    {
        var sql = _first.Provider == "Sqlite"
            ? "SELECT last_value FROM order_number_counter"
            : $"SELECT last_value FROM {OrderNumbers.SequenceName}";

        Assert.Equal(Sizes.Orders, await ScalarAsync<long>(_first, sql));
    }

    [Fact]
    public async Task Seeding_leaves_every_index_and_constraint_as_the_migrations_made_it()
    {
        Assert.NotEmpty(_schemaBeforeSeeding);
        Assert.Equal(_schemaBeforeSeeding, await SchemaAsync(_first));
    }

    [Fact]
    public void The_bulk_loader_refuses_a_table_whose_generated_or_shadow_columns_it_cannot_fill()
    {
        using var scope = _first.Factory.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<OrdoDbContext>().Model;
        var version = (Versioning.Property, (Func<Order, object?>)(_ => 0L));
        var number = (nameof(Order.Number), (Func<Order, object?>)(_ => 1L));

        var columns = PostgresBulkWriter.ColumnsOf(model, "orders", PostgresBulkWriter.Filled(version, number));
        var withoutNumber = Assert.Throws<InvalidOperationException>(() => PostgresBulkWriter.ColumnsOf(model, "orders", PostgresBulkWriter.Filled(version)));
        var withoutVersion = Assert.Throws<InvalidOperationException>(() => PostgresBulkWriter.ColumnsOf(model, "orders", PostgresBulkWriter.Filled(number)));
        var unknown = Assert.Throws<InvalidOperationException>(
            () => PostgresBulkWriter.ColumnsOf(model, "orders", PostgresBulkWriter.Filled(version, number, ("Amount", (Func<Order, object?>)(_ => 0L)))));

        Assert.Equal(
            model.GetRelationalModel().FindTable("orders", null)!.Columns.Select(column => column.Name).Order(StringComparer.Ordinal),
            columns.Select(column => column.Name).Order(StringComparer.Ordinal));
        Assert.Contains("orders.number", withoutNumber.Message, StringComparison.Ordinal);
        Assert.Contains("orders.version", withoutVersion.Message, StringComparison.Ordinal);
        Assert.Contains("Amount", unknown.Message, StringComparison.Ordinal);
    }

    internal static Task<List<string>> SchemaAsync(ApiFixture fixture) => RowsAsync(
        fixture,
        fixture.Provider == "Sqlite"
            ? "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY sql"
            : """
              SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
              UNION ALL
              SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
              ORDER BY 1
              """,
        row => row.GetString(0));

    private static async Task<T> ScalarAsync<T>(ApiFixture fixture, string sql) =>
        (await RowsAsync(fixture, sql, row => (T)Convert.ChangeType(row.GetValue(0), typeof(T), System.Globalization.CultureInfo.InvariantCulture))).Single();

    private static async Task<List<T>> RowsAsync<T>(ApiFixture fixture, string sql, Func<DbDataReader, T> read)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var rows = new List<T>();
        while (await reader.ReadAsync(Cancellation))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

public sealed class SeedOnSqlite(SeededSqliteDatabases databases)
    : SeedTests(databases.First, databases.Second, databases.Summary, databases.SchemaBeforeSeeding), IClassFixture<SeededSqliteDatabases>;

public sealed class SeedOnPostgres(SeededPostgresDatabases databases)
    : SeedTests(databases.First, databases.Second, databases.Summary, databases.SchemaBeforeSeeding), IClassFixture<SeededPostgresDatabases>;
