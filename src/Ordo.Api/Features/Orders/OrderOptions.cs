using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;

namespace Ordo.Api.Features.Orders;

/// <summary>
/// Section <c>Orders</c>: the payment window, the caps on what one customer may hold unpaid, and the terms of each
/// currency the shop sells in. Defaults are the production ones.
/// </summary>
public sealed class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>How long a pending order waits for payment; stored on each order as its deadline when it is placed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Orders:PaymentWindow must be between 1 minute and 30 days.")]
    public TimeSpan PaymentWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the scheduled job looks for pending orders past their payment deadline and expires them.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Orders:ExpirySweepInterval must be between 1 second and 1 hour.")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Pending (unpaid) orders one customer may hold at once, whoever placed them.</summary>
    [Range(1, 10_000, ErrorMessage = "Orders:MaxOpenUnpaidOrders must be 1 to 10,000.")]
    public int MaxOpenUnpaidOrders { get; set; } = 5;

    /// <summary>Units one order line may reserve.</summary>
    [Range(1, PlaceOrder.MaxQuantity, ErrorMessage = "Orders:MaxUnitsPerLine must be 1 to 100,000.")]
    public int MaxUnitsPerLine { get; set; } = 100;

    /// <summary>
    /// The currencies orders may be placed in, by ISO 4217 code. Setting a value changes that currency's entry; a new
    /// code adds a currency and must name its <c>ShippingFee</c> and <c>MaxReservedValue</c>; <c>Accepted=false</c>
    /// withdraws one (configuration binding merges into the defaults, so leaving a default out would not).
    /// </summary>
    [Required]
    public Dictionary<string, CurrencyTerms> Currencies { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EUR"] = CurrencyTerms.Default(),
        ["USD"] = CurrencyTerms.Default(),
        ["GBP"] = CurrencyTerms.Default(),
    };

    public OrderPolicy ToPolicy() => new(Currencies.Where(pair => pair.Value.Accepted).Select(pair =>
    {
        var code = pair.Key.ToUpperInvariant();
        var terms = pair.Value;
        return new OrderTerms(
            code,
            new ShippingRate(new Money(terms.ShippingFee!.Value, code), terms.FreeShippingFrom is { } from ? new Money(from, code) : null),
            MaxOpenUnpaidOrders,
            MaxUnitsPerLine,
            new Money(terms.MaxReservedValue!.Value, code),
            new Money(terms.RefundLimit, code),
            PaymentWindow);
    }));
}

/// <summary>One currency's terms (<c>Orders:Currencies:{code}</c>), every amount in that currency's minor units.</summary>
public sealed class CurrencyTerms
{
    /// <summary>False withdraws the currency: no new orders in it, and its refunds need <c>orders.refund.unlimited</c>.</summary>
    public bool Accepted { get; set; } = true;

    /// <summary>The flat shipping fee of an order.</summary>
    [Required]
    [Range(0, Money.MaxAmount)]
    public long? ShippingFee { get; set; }

    /// <summary>From this subtotal on, shipping is free; unset, it never is.</summary>
    [Range(1, Money.MaxAmount)]
    public long? FreeShippingFrom { get; set; }

    /// <summary>The subtotal all of one customer's unpaid orders in this currency may reserve together.</summary>
    [Required]
    [Range(1, Money.MaxAmount)]
    public long? MaxReservedValue { get; set; }

    /// <summary>What one agent may refund on one order in all, without <c>orders.refund.unlimited</c>; 0 leaves refunds to holders of it.</summary>
    [Range(0, Money.MaxAmount)]
    public long RefundLimit { get; set; }

    /// <summary>4.95 shipping, free from 50.00; unpaid orders up to 5,000.00; refunds up to 100.00 per agent and order.</summary>
    public static CurrencyTerms Default() => new() { ShippingFee = 495, FreeShippingFrom = 5_000, MaxReservedValue = 500_000, RefundLimit = 10_000 };
}

/// <summary>Checks what data annotations cannot: each currency's code and its nested terms, and settings that were replaced.</summary>
internal sealed class OrderOptionsValidator(IConfiguration configuration) : IValidateOptions<OrderOptions>
{
    /// <summary>The setting the cumulative, per-currency <c>Orders:Currencies:{code}:RefundLimit</c> replaced.</summary>
    private const string ReplacedRefundLimitSetting = "Auth:RefundLimitMinor";

    public ValidateOptionsResult Validate(string? name, OrderOptions options)
    {
        var failures = new List<string>();
        if (configuration[ReplacedRefundLimitSetting] is not null)
        {
            failures.Add($"{ReplacedRefundLimitSetting} was replaced by Orders:Currencies:{{code}}:RefundLimit (per agent and order, in each currency's minor units); remove it.");
        }

        if (!options.Currencies.Values.Any(terms => terms.Accepted))
        {
            failures.Add("Orders:Currencies must accept at least one currency.");
        }

        foreach (var (code, terms) in options.Currencies.Where(pair => pair.Value.Accepted))
        {
            var setting = $"Orders:Currencies:{code}";
            if (code.Length != 3 || !Money.NormalizeCurrency(code).IsSuccess)
            {
                failures.Add($"{setting}: '{code}' is not an active ISO 4217 currency with a minor unit.");
                continue;
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(terms, new ValidationContext(terms), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(result => $"{setting}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
