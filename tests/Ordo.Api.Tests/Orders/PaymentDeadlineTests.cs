using System.Net;
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
        Assert.Equal(("pending", "unpaid", after.PaymentDueAt), (after.Status, after.PaymentStatus, problem.GetProperty("paymentDueAt").GetDateTimeOffset()));
        Assert.True(after.PaymentDueAt < DateTimeOffset.UtcNow);
        await Fixture.Factory.Services.GetRequiredService<ExpireUnpaidOrders>().ExpireDueAsync(Cancellation);
        Assert.Equal("expired", (await Data.GetAsync(order)).Status);
    }

    [Fact]
    public async Task The_expiry_job_goes_by_the_deadline_stored_at_placement_not_by_the_current_window()
    {
        // Placed two hours ago under a longer payment window than today's: its deadline is still ahead.
        var order = await Data.PlacedAsync(price: 1_000);
        await Data.BackdatePlacementOnlyAsync(order, TimeSpan.FromHours(2));

        await Fixture.Factory.Services.GetRequiredService<ExpireUnpaidOrders>().ExpireDueAsync(Cancellation);

        Assert.Equal("pending", (await Data.GetAsync(order)).Status);
        Assert.Equal("open", (await Data.PayAsync(order)).Status);
    }
}

public sealed class PaymentDeadlinesOnSqlite(SqliteApiFixture fixture) : PaymentDeadlineTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class PaymentDeadlinesOnPostgres(PostgresApiFixture fixture) : PaymentDeadlineTests(fixture), IClassFixture<PostgresApiFixture>;
