using Ordo.Api.Http;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Orders;

namespace Ordo.Api.Features.Reports;

/// <summary>The dashboard's figures as of <c>generatedAt</c> (see the endpoint's description for each definition).</summary>
public sealed record SummaryResponse(
    DateTimeOffset GeneratedAt,
    PeriodFigures Today,
    PeriodFigures Week,
    IReadOnlyList<StatusCount> OrdersByStatus,
    int PendingPayment,
    int ToShip,
    LowStock LowStock) : IHasExample<SummaryResponse>
{
    private static readonly DateTimeOffset Day = new(ExampleValues.At.UtcDateTime.Date, TimeSpan.Zero);

    public static SummaryResponse Example => new(
        ExampleValues.At,
        new PeriodFigures(Day, Day.AddDays(1), [new CurrencyFigures("EUR", 12, new MoneyDto(48_230, "EUR"))]),
        new PeriodFigures(Day.AddDays(-4), Day.AddDays(3), [new CurrencyFigures("EUR", 57, new MoneyDto(231_870, "EUR")), new CurrencyFigures("GBP", 3, new MoneyDto(9_400, "GBP"))]),
        [new("pending", 4), new("open", 9), new("completed", 412), new("cancelled", 17), new("expired", 6)],
        4,
        7,
        new LowStock(5, [new LowStockProduct(ExampleValues.ProductId, "MUG-BLUE", "Blue mug", 3, 1, 2)], false));
}

/// <summary>A period <c>[from, to)</c> in UTC; currencies with orders placed in it, in code order.</summary>
public sealed record PeriodFigures(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CurrencyFigures> Currencies);

/// <summary>Orders placed in one currency, and their revenue (paid minus refunded).</summary>
public sealed record CurrencyFigures(string Currency, int Orders, MoneyDto Revenue);

public sealed record StatusCount([property: ClosedSet(typeof(OrderStatus))] string Status, int Count);

/// <summary>Active products at or under <c>threshold</c> units available, fewest first.</summary>
public sealed record LowStock(int Threshold, IReadOnlyList<LowStockProduct> Products, bool HasMore);

public sealed record LowStockProduct(Guid Id, string Sku, string Name, int StockOnHand, int StockReserved, int StockAvailable);
