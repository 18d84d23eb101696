using System.Net;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Domain.Common;

namespace Ordo.Api.Tests.Orders;

/// <summary>What an order may hold: a total that can still be paid, and stock that is really there (one answer when it is not).</summary>
public abstract class OrderBoundsTests : ProviderTests
{
    protected OrderBoundsTests(ApiFixture fixture) : base(fixture) => Data = new OrderRuleData(fixture, Client);

    private OrderRuleData Data { get; }

    [Fact]
    public async Task An_order_whose_total_could_never_be_paid_is_refused_when_placed()
    {
        // 10 lines of 90,000 units at 10^13 come to 9 × 10^18: a long holds it, a payment (at most 10^13) never could.
        var customer = await Data.CustomerAsync();
        var lines = new List<(Guid, int)>();
        for (var i = 0; i < 10; i++)
        {
            lines.Add(((await Data.ProductAsync(stock: 90_000, price: Money.MaxAmount)).Id, 90_000));
        }

        var placed = await Client.PlaceOrderAsync(customer, "EUR", 0, [.. lines]);

        var problem = await placed.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "amount_too_large");
        Assert.Equal(Money.MaxAmount, problem.Extension<MoneyDto>("max").Amount);
        Assert.Equal(0, (await Data.ProductByIdAsync(lines[0].Item1)).StockReserved);
    }

    [Fact]
    public async Task The_largest_order_that_is_accepted_can_be_paid()
    {
        var order = await Data.PlacedAsync(price: Money.MaxAmount, shippingFee: 0);

        Assert.Equal("open", (await Data.PayAsync(order)).Status);
    }

    [Fact]
    public async Task Insufficient_stock_names_every_short_line_with_what_it_asked_for_and_what_is_left()
    {
        var customer = await Data.CustomerAsync();
        var plenty = await Data.ProductAsync(stock: 10);
        var scarce = await Data.ProductAsync(stock: 1);
        var none = await Data.ProductAsync(stock: 0);

        var response = await Client.PlaceOrderAsync(customer, "EUR", null, (plenty.Id, 3), (scarce.Id, 2), (none.Id, 1));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock");
        var shortfalls = problem.Extension<Shortfall[]>("shortfalls");
        Assert.Equal(
            new[] { new Shortfall(scarce.Id, scarce.Sku, 2, 1), new Shortfall(none.Id, none.Sku, 1, 0) }.OrderBy(s => s.Sku),
            shortfalls.OrderBy(s => s.Sku));
        Assert.Equal(shortfalls.Select(s => s.Sku).Order(), problem.Extension<string[]>("skus").Order());
        Assert.Equal(0, (await Data.ProductByIdAsync(plenty.Id)).StockReserved);
    }

    private sealed record Shortfall(Guid ProductId, string Sku, int Requested, int Available);
}

public sealed class OrderBoundsOnSqlite(SqliteApiFixture fixture) : OrderBoundsTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class OrderBoundsOnPostgres(PostgresApiFixture fixture) : OrderBoundsTests(fixture), IClassFixture<PostgresApiFixture>;
