using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Orders;
using Ordo.Persistence;

namespace Ordo.Api.Features.Orders;

public sealed record PlaceOrderLine(Guid ProductId, [property: Range(1, PlaceOrder.MaxQuantity)] int Quantity);

public sealed record PlaceOrderRequest(
    Guid CustomerId,
    [property: RegularExpression(Money.CurrencyPatternText), MaxLength(3)] string Currency,
    [property: MinLength(1), MaxLength(PlaceOrder.MaxLines)] IReadOnlyList<PlaceOrderLine> Lines,
    MoneyDto? ShippingFee = null);

public static class PlaceOrder
{
    public const int MaxLines = 100;
    public const int MaxQuantity = 100_000;

    public static RouteHandlerBuilder MapPlaceOrder(this IEndpointRouteBuilder orders) =>
        orders.MapPost("/", HandleAsync)
            .WithName("PlaceOrder")
            .SendsETag()
            .RequirePermission(Permissions.OrdersCreate)
            .WithSummary("Place an order")
            .WithDescription("Snapshots each product's SKU, name and price, computes the totals and reserves the stock of every line atomically: all lines or none (409 `insufficient_stock` naming the SKUs). The order starts `pending`, awaiting payment.")
            .ChangesState();

    public static async Task<Results<Created<OrderResponse>, ProblemHttpResult>> HandleAsync(
        PlaceOrderRequest request, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
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

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        Money? shippingFee = null;
        if (request.ShippingFee is { } fee)
        {
            var money = fee.ToMoney();
            if (money.IsFailure)
            {
                return money.Error.ToProblem();
            }

            shippingFee = money.Value;
        }

        // A customer ordering for someone else is told that customer doesn't exist, as for any unknown id.
        if (!AccessRules.CanAccess(CallerAccess.Required(http), request.CustomerId)
            || !await db.Customers.AnyAsync(c => c.Id == request.CustomerId, cancellationToken))
        {
            return DomainProblems.Problem(
                StatusCodes.Status422UnprocessableEntity, "unknown_customer", $"No customer exists with id {request.CustomerId}.");
        }

        var productIds = request.Lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var unknown = productIds.Where(id => !products.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            return DomainProblems.Problem(
                StatusCodes.Status422UnprocessableEntity,
                "unknown_product",
                $"No product exists with id {string.Join(", ", unknown)}.",
                new Dictionary<string, object?> { ["productIds"] = unknown });
        }

        var now = time.GetUtcNow();
        var placed = Order.Place(
            request.CustomerId,
            request.Currency,
            [.. request.Lines.Select(l => NewOrderLine.From(products[l.ProductId], l.Quantity))],
            shippingFee,
            Caller.Id(http),
            now);
        if (placed.IsFailure)
        {
            return placed.Error.ToProblem();
        }

        var order = placed.Value;
        var shortSkus = await OrderStock.ReserveAsync(db, order, now, cancellationToken);
        if (shortSkus.Count > 0)
        {
            return DomainProblems.Problem(
                StatusCodes.Status409Conflict,
                "insufficient_stock",
                $"Not enough stock for {string.Join(", ", shortSkus)}; nothing was reserved.",
                new Dictionary<string, object?> { ["skus"] = shortSkus });
        }

        await db.Orders.AddAsync(order, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return db.Created(http, order);
    }
}
