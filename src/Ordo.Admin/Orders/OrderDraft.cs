using Ordo.Admin.Api;

namespace Ordo.Admin.Orders;

/// <summary>
/// A new order as the form builds it: the customer, the product lines with their quantities, the currency. Says what
/// is missing before anything is sent.
/// </summary>
public sealed class OrderDraft
{
    /// <summary>The API's cap on one line's units (<c>PlaceOrder.MaxQuantity</c>).</summary>
    public const int MaxQuantity = 100_000;

    /// <summary>The API's cap on lines per order.</summary>
    public const int MaxLines = 100;

    private readonly List<DraftLine> _lines = [];

    public Customer? Customer { get; private set; }

    public IReadOnlyList<DraftLine> Lines => _lines;

    /// <summary>Empty: the order takes the products' currency (the API's default when they share one).</summary>
    public string Currency { get; private set; } = "";

    /// <summary>The currencies the chosen products are priced in.</summary>
    public IReadOnlyList<string> Currencies => [.. _lines.Select(l => l.Product.UnitPrice.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public void ChooseCustomer(Customer? customer) => Customer = customer;

    public void ChooseCurrency(string? currency) => Currency = currency?.Trim() ?? "";

    /// <summary>Adds the product as a line of one unit, or one more unit when it is already a line.</summary>
    public void Add(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        var index = _lines.FindIndex(l => l.Product.Id == product.Id);
        if (index >= 0)
        {
            _lines[index] = _lines[index] with { Quantity = _lines[index].Quantity + 1 };
        }
        else
        {
            _lines.Add(new DraftLine(product, 1));
        }
    }

    public void SetQuantity(Guid productId, int quantity)
    {
        var index = _lines.FindIndex(l => l.Product.Id == productId);
        if (index >= 0)
        {
            _lines[index] = _lines[index] with { Quantity = quantity };
        }
    }

    public void Remove(Guid productId) => _lines.RemoveAll(l => l.Product.Id == productId);

    /// <summary>What stops the draft from being sent, in words; empty when it may go.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Customer is null)
        {
            problems.Add("Choose the customer.");
        }

        if (_lines.Count == 0)
        {
            problems.Add("Add at least one product.");
        }

        if (_lines.Count > MaxLines)
        {
            problems.Add($"An order has at most {MaxLines} lines.");
        }

        foreach (var line in _lines.Where(l => l.Quantity is < 1 or > MaxQuantity))
        {
            problems.Add($"{line.Product.Sku}: the quantity must be a whole number from 1 to {MaxQuantity:N0}.");
        }

        foreach (var line in _lines.Where(l => l.Product.Status != "active"))
        {
            problems.Add($"{line.Product.Sku} is archived and can't be ordered: remove it.");
        }

        if (Currency.Length == 0 && Currencies.Count > 1)
        {
            problems.Add($"The products are priced in {string.Join(" and ", Currencies)}: choose the order's currency.");
        }

        return problems;
    }

    /// <summary>The request to send; null while <see cref="Problems"/> names something.</summary>
    public PlaceOrderRequest? ToRequest() =>
        Problems().Count > 0
            ? null
            : new PlaceOrderRequest(Customer!.Id, [.. _lines.Select(l => new PlaceOrderLine(l.Product.Id, l.Quantity))], Currency.Length == 0 ? null : Currency);
}

public sealed record DraftLine(Product Product, int Quantity);
