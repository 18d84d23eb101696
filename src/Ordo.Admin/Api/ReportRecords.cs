namespace Ordo.Admin.Api;

// GET /api/v1/reports/summary as the dashboard reads it.

public sealed record Summary(
    DateTimeOffset GeneratedAt,
    PeriodFigures Today,
    PeriodFigures Week,
    IReadOnlyList<StatusCount> OrdersByStatus,
    int PendingPayment,
    int ToShip,
    LowStock LowStock);

public sealed record PeriodFigures(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CurrencyFigures> Currencies);

public sealed record CurrencyFigures(string Currency, int Orders, Money Revenue);

public sealed record StatusCount(string Status, int Count);

public sealed record LowStock(int Threshold, IReadOnlyList<LowStockProduct> Products, bool HasMore);

public sealed record LowStockProduct(Guid Id, string Sku, string Name, int StockOnHand, int StockReserved, int StockAvailable);

/// <summary>How far an export has come: bytes and CSV rows (header excluded) received so far.</summary>
public sealed record ExportProgress(long Bytes, long Rows);

/// <summary>A file the API sent, whole, for the browser to save.</summary>
public sealed record ExportedFile(string FileName, string ContentType, byte[] Content, long Rows);
