using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Features.Customers;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Api.Infrastructure.Pipeline;
using Ordo.Api.Infrastructure.Telemetry;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public sealed record PlaceOrderLine(Guid ProductId, [property: Range(1, PlaceOrder.MaxQuantity)] int Quantity);

/// <param name="Currency">Optional when every product ordered is priced in one currency: the order is then in that one.</param>
/// <param name="ShippingFee">Only for holders of <c>orders.shipping.override</c>; leave it out to get the rate of the currency.</param>
/// <param name="ShippingAddress">Where the parcels go; or <paramref name="ShippingAddressIndex"/>, not both.</param>
/// <param name="ShippingAddressIndex">The position of one of the customer's saved addresses, from 0.</param>
/// <param name="Metadata">The integrator's own key-value pairs (not for customers' own calls).</param>
/// <param name="BillingAddress">Where the invoice goes, if not to the shipping address; or <paramref name="BillingAddressIndex"/>.</param>
public sealed record PlaceOrderRequest(
    Guid CustomerId,
    [property: MinLength(1), MaxLength(PlaceOrder.MaxLines)] IReadOnlyList<PlaceOrderLine> Lines,
    [property: RegularExpression(Money.CurrencyPatternText), MaxLength(3)] string? Currency = null,
    MoneyDto? ShippingFee = null,
    AddressRequest? ShippingAddress = null,
    [property: Range(0, RequestLimits.MaxAddresses - 1)] int? ShippingAddressIndex = null,
    AddressRequest? BillingAddress = null,
    [property: Range(0, RequestLimits.MaxAddresses - 1)] int? BillingAddressIndex = null,
    [property: MaxLength(MetadataRules.MaxKeys), ListItems(MetadataRules.MaxValueLength)] IReadOnlyDictionary<string, string>? Metadata = null);

public static class PlaceOrder
{
    public const int MaxLines = 100;
    public const int MaxQuantity = 100_000;

    public static RouteHandlerBuilder MapPlaceOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/", HandleAsync)
            .WithName("PlaceOrder")
            .WithRequestExample("""{"customerId": "01968f0e-5c3a-7b1e-9d2f-3a4b5c6d7e8f", "currency": "EUR", "lines": [{"productId": "01968f0e-1111-7b1e-9d2f-3a4b5c6d7e8f", "quantity": 2}]}""")
            .SendsETag()
            .RequirePermission(Permissions.OrdersCreate)
            .RequireAttemptLimits(AttemptLimits.PlaceOrder, AttemptLimits.CallerOf)
            .WithSummary("Place an order")
            .WithDescription(
                "Snapshots each product's SKU, name and price and computes the totals: the shipping fee comes from the rate of the order's currency "
                + "(`Orders:Currencies:{code}`); `currency` may be left out when every product ordered is priced in one currency (else 400 `currency_required`). "
                + "`shippingFee` overrides the rate only for holders of `orders.shipping.override` (else 403 `shipping_fee_override_not_allowed`). "
                + "Orders are taken only in configured currencies (422 `currency_not_accepted`) and their total never exceeds what a payment can be (422 `amount_too_large`). "
                + "One customer's unpaid orders are capped, whoever places them: units per line (422 `units_per_line_cap_exceeded`), open unpaid orders "
                + "and the value they reserve per currency (409 `open_unpaid_orders_cap_exceeded`, `reserved_value_cap_exceeded`). "
                + "Reserves the stock of every line atomically: all lines or none (409 `insufficient_stock` with the `shortfalls`). "
                + "The order keeps a copy of its `shippingAddress` and `billingAddress` (the shipping one unless given), each sent inline or chosen "
                + "from the customer's saved `addresses` by position (`shippingAddressIndex`, `billingAddressIndex`; 400 `invalid_address_index` past the end; "
                + "403 `contact_details_hidden` without `customers.pii`, except for the customer themselves). "
                + "`metadata`: up to 50 keys (letters, digits, `_ - . :`, 40 characters) with string values of up to 500 characters, set by staff and integrations only (403 `metadata_not_allowed`). "
                + "The order starts `pending` and must be paid by its `paymentDueAt`. Each caller may place a limited number of orders per window (429 with `Retry-After`).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ChangesState();

    /// <summary>
    /// The use case: places the order for the customer the caller may order for and reserves its stock, all lines or
    /// none, after checking the request's shape (lines, inline addresses) and that the caller may set its metadata; a
    /// refused shipping-fee override is logged.
    /// </summary>
    public static async Task<Result<Order>> ExecuteAsync(
        PlaceOrderRequest request,
        CallerAccess caller,
        OrdoDbContext db,
        OrderPolicy policy,
        TimeProvider time,
        ILoggerFactory loggers,
        AuditTrail audit,
        OrdoMetrics metrics,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        var errors = new RequestErrors()
            .Check(request.Lines.Count is > 0 and <= MaxLines, "$.lines", $"An order has 1 to {MaxLines} lines.");
        for (var i = 0; i < request.Lines.Count; i++)
        {
            // System.Text.Json lets null elements through even where the element type is not nullable.
            if (request.Lines[i] is null)
            {
                errors.Add($"$.lines[{i}]", "Each line must be an object with productId and quantity.");
                continue;
            }

            errors.Check(request.Lines[i].Quantity is > 0 and <= MaxQuantity, $"$.lines[{i}].quantity", $"The quantity must be from 1 to {MaxQuantity}.");
        }

        errors.Check(request.ShippingAddress is null || request.ShippingAddressIndex is null, "$.shippingAddressIndex", "Send shippingAddress or shippingAddressIndex, not both.")
            .Check(request.BillingAddress is null || request.BillingAddressIndex is null, "$.billingAddressIndex", "Send billingAddress or billingAddressIndex, not both.");
        if (errors.Any)
        {
            return errors.ToError();
        }

        var shippingAddress = OrderAddressChoice.Inline(request.ShippingAddress, "shippingAddress");
        var billingAddress = OrderAddressChoice.Inline(request.BillingAddress, "billingAddress");
        if ((shippingAddress.IsFailure ? shippingAddress : billingAddress) is { IsFailure: true } invalidAddress)
        {
            return invalidAddress.Error;
        }

        if (MetadataInput.Refusal(caller, request.Metadata is { Count: > 0 }) is { } metadataRefused)
        {
            return metadataRefused;
        }

        Money? shippingFee = null;
        if (request.ShippingFee is { } fee)
        {
            if (!AccessRules.CanOverrideShippingFee(caller))
            {
                return await OrderRefusals.LoggedAsync(
                    OrderApiErrors.ShippingFeeOverrideNotAllowed.Error(
                        $"The shipping fee comes from the rate of the order's currency; setting it needs the '{Permissions.OrdersShippingOverride}' permission. Leave out shippingFee."),
                    AccessRules.ShippingFeeOverrideRule, caller, loggers, audit, AuditResources.Customer, request.CustomerId);
            }

            var money = fee.ToMoney();
            if (money.IsFailure)
            {
                return money.Error;
            }

            shippingFee = money.Value;
        }

        // A named currency is checked before anything is locked; otherwise the products' prices decide it below.
        if (request.Currency is { } named && policy.TermsFor(named) is { IsFailure: true } refused)
        {
            return refused.Error;
        }

        // A customer ordering for someone else is told that customer doesn't exist, as for any unknown id. The lock
        // makes this customer's placements run one at a time, so each sees the unpaid orders the others left.
        if (!AccessRules.CanAccess(caller, request.CustomerId) || !await OrderRowLocks.LockCustomerAsync(db, request.CustomerId, cancellationToken))
        {
            return OrderApiErrors.UnknownCustomer.Error($"No customer exists with id {request.CustomerId}.");
        }

        var products = await OrderRowLocks.LockProductsAsync(db, request.Lines.Select(l => l.ProductId), cancellationToken);
        var unknown = request.Lines.Select(l => l.ProductId).Distinct().Where(id => !products.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            return OrderApiErrors.UnknownProduct.Error($"No product exists with id {string.Join(", ", unknown)}.") with
            {
                Details = new Dictionary<string, object?> { ["productIds"] = unknown },
            };
        }

        var currencies = request.Lines.Select(l => products[l.ProductId].UnitPrice.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
        if (request.Currency is null && currencies.Count > 1)
        {
            return OrderErrors.CurrencyRequired(currencies);
        }

        var terms = policy.TermsFor(request.Currency ?? currencies[0]);
        if (terms.IsFailure)
        {
            return terms.Error;
        }

        // Choosing a saved address and reading the order back would show it: it takes seeing the customer's contact details.
        if ((request.ShippingAddressIndex ?? request.BillingAddressIndex) is not null && !AccessRules.SeesPersonalData(caller, request.CustomerId))
        {
            return AuthorizationErrors.ContactDetailsHidden.Error(
                $"Choosing one of the customer's saved addresses needs the '{Permissions.CustomersPii}' permission; send the address itself.");
        }

        var addresses = await OrderAddressChoice.ResolveAsync(
            db, request.CustomerId, (shippingAddress.Value, request.ShippingAddressIndex), (billingAddress.Value, request.BillingAddressIndex), cancellationToken);
        if (addresses.IsFailure)
        {
            return addresses.Error;
        }

        var unpaid = await OrderRowLocks.UnpaidOrdersOfAsync(db, request.CustomerId, terms.Value.Currency, cancellationToken);
        var now = time.GetUtcNow();
        var placed = Order.Place(
            request.CustomerId,
            [.. request.Lines.Select(l => NewOrderLine.From(products[l.ProductId], l.Quantity))],
            terms.Value,
            unpaid,
            shippingFee,
            caller.SubjectId,
            now,
            addresses.Value,
            request.Metadata);
        if (placed.IsFailure)
        {
            return placed.Error;
        }

        var order = placed.Value;
        var reserved = StockReservations.Reserve(order, products, now);
        if (reserved.IsFailure)
        {
            metrics.StockOut(); // a refusal: nothing is written, so there is no commit to wait for
            return reserved.Error;
        }

        db.StockMovements.AddRange(reserved.Value);
        await db.Orders.AddAsync(order, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return order;
    }

    /// <summary>The REST adapter: 201 with the order, its ETag and <c>Location</c>.</summary>
    public static async Task<Results<Created<OrderResponse>, ProblemHttpResult>> HandleAsync(
        PlaceOrderRequest request,
        OrdoDbContext db,
        OrderPolicy policy,
        TimeProvider time,
        ILoggerFactory loggers,
        AuditTrail audit,
        OrdoMetrics metrics,
        HttpContext http,
        CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, CallerAccess.Required(http), db, policy, time, loggers, audit, metrics, cancellationToken))
            .ToHttp(order => db.Created(http, order));
}
