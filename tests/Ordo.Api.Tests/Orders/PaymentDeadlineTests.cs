using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Features.Orders;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Orders;

/// <summary>Payment and expiry read the same deadline, stored on the order when it is placed; the clock decides, not the sweep.</summary>
public abstract class PaymentDeadlineTests : ProviderTests
{
    protected PaymentDeadlineTests(ApiFixture fixture) : base(fixture) => Data = new OrderRuleData(fixture, Client);

    private OrderRuleData Data { get; }

    [Fact]
    public async Task An_order_past_its_payment_deadline_cannot_be_paid_even_before_the_expiry_job_reaches_it()
    {
        var order = await Data.PlacedAsync(price: 1_000);
        await Data.BackdateAsync(order, TimeSpan.FromHours(2));

        var late = await Client.PayOrderAsync(order);

        var problem = await late.AssertProblemAsync(HttpStatusCode.Conflict, "payment_window_closed");
        var after = await Data.GetAsync(order);
        Assert.Equal(("pending", "unpaid", after.PaymentDueAt), (after.Status, after.PaymentStatus, problem.Extension<DateTimeOffset>("paymentDueAt")));
        Assert.True(after.PaymentDueAt < DateTimeOffset.UtcNow);
        await Fixture.Factory.Services.GetRequiredService<ExpireUnpaidOrders>().ExpireAllDueAsync(Cancellation);
        Assert.Equal("expired", (await Data.GetAsync(order)).Status);
    }

    [Fact]
    public async Task Payments_racing_the_expiry_job_at_the_deadline_leave_each_order_either_paid_or_expired_never_both()
    {
        var orders = new List<OrderResponse>();
        for (var i = 0; i < 12; i++)
        {
            orders.Add(await Data.PlacedAsync(price: 1_000, quantity: 2));
        }

        // Deadlines a moment from now, so some payments land before them and some after, while the sweep runs.
        var dueIn = TimeSpan.FromMilliseconds(300);
        foreach (var order in orders)
        {
            await Data.BackdateAsync(order, order.PaymentDueAt - DateTimeOffset.UtcNow - dueIn);
        }

        var expiry = Fixture.Factory.Services.GetRequiredService<ExpireUnpaidOrders>();
        var sweeps = Task.Run(async () =>
        {
            for (var sweep = 0; sweep < 20; sweep++)
            {
                await expiry.ExpireAllDueAsync(Cancellation);
                await Task.Delay(25, Cancellation);
            }
        }, Cancellation);
        var payments = orders.Select(async (order, i) =>
        {
            await Task.Delay(i * 50, Cancellation);
            return await Client.PayOrderAsync(order);
        });
        var answers = await Task.WhenAll(payments);
        await sweeps;

        for (var i = 0; i < orders.Count; i++)
        {
            var after = await Data.GetAsync(orders[i]);
            var stock = await Data.ProductByIdAsync(Assert.Single(after.Lines).ProductId);
            if (answers[i].StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(("open", "paid", 2), (after.Status, after.PaymentStatus, stock.StockReserved));
            }
            else
            {
                var refusal = await answers[i].ReadAsync<Problem>(HttpStatusCode.Conflict);
                Assert.Contains(refusal.Code, new[] { "payment_window_closed", "concurrent_change", "action_not_allowed" });
                Assert.Equal(("expired", "unpaid", 0), (after.Status, after.PaymentStatus, stock.StockReserved));
            }
        }
    }

    [Fact]
    public async Task One_sweep_expires_every_due_order_not_just_one_batch_of_them()
    {
        const int Due = 210; // more than two batches of 100
        var customerId = await Data.CustomerAsync();
        var product = await Data.ProductAsync(stock: Due);
        for (var i = 0; i < Due; i++)
        {
            (await Client.PlaceOrderAsync(customerId, "EUR", null, (product.Id, 1))).EnsureSuccessStatusCode();
        }

        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Ordo.Persistence.OrdoDbContext>();
            var overdue = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.Orders.Where(o => o.CustomerId == customerId)
                .ExecuteUpdateAsync(set => set.SetProperty(o => o.PaymentDueAt, overdue), Cancellation);
        }

        var expired = await Fixture.Factory.Services.GetRequiredService<ExpireUnpaidOrders>().ExpireAllDueAsync(Cancellation);

        Assert.True(expired >= Due, $"One sweep expired {expired} orders.");
        Assert.Equal((0, Due), ((await Data.ProductByIdAsync(product.Id)).StockReserved, (await Data.ProductByIdAsync(product.Id)).StockAvailable));
    }

    [Fact]
    public async Task Orders_that_keep_failing_to_expire_do_not_hold_back_the_ones_behind_them()
    {
        const int Failing = 101; // more than a batch
        var customerId = await Data.CustomerAsync();
        var broken = await Data.ProductAsync(stock: Failing);
        var healthy = await Data.ProductAsync(stock: 3);
        var healthyOrders = new List<Guid>();
        for (var i = 0; i < Failing; i++)
        {
            (await Client.PlaceOrderAsync(customerId, "EUR", null, (broken.Id, 1))).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 3; i++)
        {
            healthyOrders.Add((await (await Client.PlaceOrderAsync(customerId, "EUR", null, (healthy.Id, 1))).ReadAsync<OrderResponse>(HttpStatusCode.Created)).Id);
        }

        using (var scope = Fixture.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Ordo.Persistence.OrdoDbContext>();
            var longAgo = DateTimeOffset.UtcNow.AddHours(-2);
            var lessLongAgo = DateTimeOffset.UtcNow.AddHours(-1);
            await db.Orders.Where(o => o.CustomerId == customerId).ExecuteUpdateAsync(set => set.SetProperty(o => o.PaymentDueAt, lessLongAgo), Cancellation);
            await db.Orders.Where(o => o.CustomerId == customerId && !healthyOrders.Contains(o.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(o => o.PaymentDueAt, longAgo), Cancellation);
            // The broken product's reservations are gone, so releasing them fails: those orders can't expire.
            await db.Products.Where(p => p.Id == broken.Id).ExecuteUpdateAsync(set => set.SetProperty(p => p.StockReserved, 0), Cancellation);
        }

        await Fixture.Factory.Services.GetRequiredService<ExpireUnpaidOrders>().ExpireAllDueAsync(Cancellation);

        foreach (var id in healthyOrders)
        {
            Assert.Equal("expired", (await (await Client.GetAsync($"/api/v1/orders/{id}", Cancellation)).ReadAsync<OrderResponse>(HttpStatusCode.OK)).Status);
        }
    }

    [Fact]
    public async Task The_expiry_job_goes_by_the_deadline_stored_at_placement_not_by_the_current_window()
    {
        // Placed two hours ago under a longer payment window than today's: its deadline is still ahead.
        var order = await Data.PlacedAsync(price: 1_000);
        await Data.BackdatePlacementOnlyAsync(order, TimeSpan.FromHours(2));

        await Fixture.Factory.Services.GetRequiredService<ExpireUnpaidOrders>().ExpireAllDueAsync(Cancellation);

        Assert.Equal("pending", (await Data.GetAsync(order)).Status);
        Assert.Equal("open", (await Data.PayAsync(order)).Status);
    }
}

/// <summary>
/// These tests run the sweep themselves and count what one sweep expires; the scheduled sweep (every minute) would race
/// them for the same orders. Expiry through the scheduler: <see cref="Jobs.ScheduledJobTests"/>.
/// </summary>
public sealed class SqliteWithoutScheduler : SqliteApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" };
}

/// <inheritdoc cref="SqliteWithoutScheduler"/>
public sealed class PostgresWithoutScheduler : PostgresApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" };
}

public sealed class PaymentDeadlinesOnSqlite(SqliteWithoutScheduler fixture) : PaymentDeadlineTests(fixture), IClassFixture<SqliteWithoutScheduler>;

public sealed class PaymentDeadlinesOnPostgres(PostgresWithoutScheduler fixture) : PaymentDeadlineTests(fixture), IClassFixture<PostgresWithoutScheduler>;
