using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Orders;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Persistence;

namespace Ordo.Api.Tests.Orders;

/// <summary>
/// Every SQL command the service sends through EF Core (its own queries, OpenIddict's stores, Identity's): one per round
/// trip, a saved batch of statements counting once; transaction control (BEGIN, COMMIT) is not a command here.
/// </summary>
public sealed class SentCommands : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _sent = new();

    /// <summary>Runs <paramref name="request"/> and returns the commands sent meanwhile.</summary>
    public async Task<IReadOnlyList<string>> DuringAsync(Func<Task> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _sent.Clear();
        await request();
        return [.. _sent];
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Sent(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Sent(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Sent(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Sent(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Sent(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Sent(command, result));

    private T Sent<T>(DbCommand command, T result)
    {
        _sent.Enqueue(command.CommandText);
        return result;
    }
}

/// <summary>PostgreSQL with the commands counted, and no background job that would send its own meanwhile.</summary>
public sealed class PostgresWithCommandCount : PostgresApiFixture
{
    public SentCommands Commands { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Orders:ExpirySweepInterval"] = "01:00:00",
        ["Auth:TokenPruneInterval"] = "1.00:00:00",
        ["Auth:KeyRefreshInterval"] = "01:00:00",
        ["Jobs:Enabled"] = "false",
        ["Outbox:Dispatch"] = "false",
        ["Webhooks:Deliver"] = "false",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureDbContext<OrdoDbContext>(options => options.AddInterceptors(Commands));
}

/// <summary>
/// Round trips per request are part of the contract (issue 11): each main endpoint sends exactly this many SQL
/// commands once its caches are warm. A change that adds one fails here and has to say why in the budget below.
/// </summary>
public sealed class StatementBudgetTests(PostgresWithCommandCount fixture) : ProviderTests(fixture), IClassFixture<PostgresWithCommandCount>
{
    private SentCommands Commands => fixture.Commands;

    private OrderTestData Data => field ??= new OrderTestData(Fixture, Client);

    private async Task<IReadOnlyList<string>> WarmThenCountAsync(Func<Task<HttpResponseMessage>> request, HttpStatusCode expected)
    {
        await (await request()).JsonAsync(expected);
        return await Commands.DuringAsync(async () => await (await request()).JsonAsync(expected));
    }

    private static void AssertBudget(int budget, IReadOnlyList<string> sent) =>
        Assert.True(sent.Count == budget, $"{sent.Count} commands sent, budget {budget}:\n\n{string.Join("\n\n", sent)}");

    private async Task<OrderResponse> PaidOrderAsync() => await Data.PayAsync(await Data.PendingOrderAsync());

    [Fact]
    public async Task Reading_an_order()
    {
        var order = await Data.PendingOrderAsync();

        var sent = await WarmThenCountAsync(() => Client.GetAsync($"/api/v1/orders/{order.Id}", Cancellation), HttpStatusCode.OK);

        // The order and its lines, refunds, shipments and shipment lines, then its version again: one batch of statements.
        AssertBudget(1, sent);
    }

    [Fact]
    public async Task Reading_a_page_of_orders_after_a_cursor()
    {
        await Data.PendingOrderAsync();
        await Data.PendingOrderAsync();
        var first = await (await Client.GetAsync("/api/v1/orders?limit=1", Cancellation)).ReadAsync<Page<OrderSummaryResponse>>(HttpStatusCode.OK);
        var cursor = Uri.EscapeDataString(first.NextCursor!);

        var sent = await WarmThenCountAsync(() => Client.GetAsync($"/api/v1/orders?limit=20&cursor={cursor}", Cancellation), HttpStatusCode.OK);

        // One query: the page (its keyset predicate a row-value comparison on PostgreSQL).
        AssertBudget(1, sent);
    }

    [Fact]
    public async Task Filtering_by_one_status_sends_an_equality_the_status_index_serves_in_page_order()
    {
        await Data.PendingOrderAsync();

        var sent = await WarmThenCountAsync(() => Client.GetAsync("/api/v1/orders?status=pending", Cancellation), HttpStatusCode.OK);

        // "status = ANY(@list)" made PostgreSQL 15 walk created_at alone and skip the other statuses' rows.
        var page = Assert.Single(sent);
        Assert.Contains("o.status = @", page, StringComparison.Ordinal);
        Assert.DoesNotContain("ANY", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_the_dashboard_summary()
    {
        await PaidOrderAsync();

        var sent = await WarmThenCountAsync(() => Client.GetAsync("/api/v1/reports/summary", Cancellation), HttpStatusCode.OK);

        // Three grouped queries whatever the number of orders: this week's by currency, all by status and fulfilment,
        // and the products lowest on stock.
        AssertBudget(3, sent);
        Assert.All(sent.Take(2), sql => Assert.Contains("GROUP BY", sql, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Placing_an_order()
    {
        var customer = await Data.CustomerAsync();
        var products = new[] { await Data.ProductAsync(stock: 100), await Data.ProductAsync(stock: 100), await Data.ProductAsync(stock: 100) };

        var sent = await WarmThenCountAsync(
            () => Data.PlaceAsync(customer, [.. products.Select(p => (p.Id, 1))]), HttpStatusCode.Created);

        // Lock the customer; count and sum their unpaid orders; lock, then load the products (the load must come after
        // the lock to read what the lock holds); the order number; one batch with the order's writes (order, lines,
        // stock counters and ledger, event, outbox); then the audit chain's turn, last (ADR 21): its head (UPDATE …
        // RETURNING: the entry's sequence number and previous hash) and a batch of the entry and the head's new hash.
        // The turn was taken before the order's writes, in one command fewer, until writers queued on it for the
        // whole batch (2026-12-07).
        AssertBudget(8, sent);
    }

    [Fact]
    public async Task A_change_takes_its_turn_on_the_audit_chain_last_with_only_its_entries_and_its_keys_response_after_it()
    {
        var order = await Data.PendingOrderAsync();

        var paying = await Commands.DuringAsync(async () => await Data.PayAsync(order));

        // Writers of the chain wait for each other from the head's UPDATE to their commit (ADR 21): what follows it is
        // one batch of the entries, the head's new hash and the key's response, not the order's own writes.
        var head = paying.ToList().FindIndex(sql => sql.Contains("UPDATE audit_chain_head SET sequence", StringComparison.Ordinal));
        Assert.True(head == paying.Count - 2, $"The chain head is taken as command {head + 1} of {paying.Count}:\n\n{string.Join("\n\n", paying)}");
        var last = paying[^1];
        Assert.Contains("INSERT INTO audit_entries", last, StringComparison.Ordinal);
        Assert.Contains("UPDATE idempotency_records", last, StringComparison.Ordinal);
        Assert.DoesNotContain("UPDATE orders", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paying_shipping_and_refunding_an_order()
    {
        var warm = await PaidOrderAsync();
        await Data.RefundAsync(await Data.ShipAsync(warm, 0, 1), 100);
        var order = await Data.PendingOrderAsync();

        var paying = await Commands.DuringAsync(async () => order = await Data.PayAsync(order));
        var shipping = await Commands.DuringAsync(async () => order = await Data.ShipAsync(order, 0, 1));
        var refunding = await Commands.DuringAsync(async () => await Data.RefundAsync(order, 100));

        // Each ends with the audit chain's turn (ADR 21): its head's UPDATE, then a batch of the entries, the head's new
        // hash and, with an Idempotency-Key (paying and refunding), the key's response, which was a command of its own.
        AssertBudget(9, paying);
        AssertBudget(10, shipping);
        AssertBudget(10, refunding);
    }
}
