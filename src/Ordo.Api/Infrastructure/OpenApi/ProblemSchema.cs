using Microsoft.OpenApi;

namespace Ordo.Api.Infrastructure.OpenApi;

/// <summary>
/// The problem+json document exactly as <see cref="Http.Problems"/> and <see cref="Http.DomainProblems"/> write it:
/// the RFC 9457 members, the <c>code</c> and <c>traceId</c> every problem carries, <c>errors</c> for invalid fields,
/// and the extension members that some codes add. Nothing else is allowed, so a new extension member fails the
/// contract tests until it is listed in <see cref="Extensions"/>.
/// </summary>
internal static class ProblemSchema
{
    public const string CodePattern = "^[a-z][a-z0-9_]*$";
    public const string TraceIdPattern = "^[0-9a-f]{32}$";

    private static readonly IOpenApiSchema Text = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2000 };
    private static readonly IOpenApiSchema Id = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", MaxLength = 36 };
    private static readonly IOpenApiSchema Name = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 };
    private static readonly IOpenApiSchema Count = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "-2147483648", Maximum = "2147483647" };
    private static readonly IOpenApiSchema Amount = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "-9223372036854775808", Maximum = "9223372036854775807" };

    private static readonly IOpenApiSchema Currency = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Z]{3}$", MaxLength = 3 };

    private static readonly IOpenApiSchema Instant = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", MaxLength = 40 };

    /// <summary>A sum of money as orders show it: minor units and the ISO 4217 code.</summary>
    private static readonly IOpenApiSchema Money = new OpenApiSchema
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema> { ["amount"] = Amount, ["currency"] = Currency },
        Required = new HashSet<string>(["amount", "currency"], StringComparer.Ordinal),
        AdditionalPropertiesAllowed = false,
    };

    private static readonly IOpenApiSchema Shortfall = new OpenApiSchema
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema> { ["productId"] = Id, ["sku"] = Name, ["requested"] = Count, ["available"] = Count },
        Required = new HashSet<string>(["productId", "sku", "requested", "available"], StringComparer.Ordinal),
        AdditionalPropertiesAllowed = false,
    };

    private static OpenApiSchema ListOf(IOpenApiSchema item, int maxItems = 1000) =>
        new() { Type = JsonSchemaType.Array, Items = item, MaxItems = maxItems };

    /// <summary>Extension members, each with the codes that carry it.</summary>
    private static readonly (string Name, IOpenApiSchema Schema, string Description)[] Extensions =
    [
        ("field", Name, "The request field a validation error is about (`invalid_*` codes)."),
        ("currentETag", Text, "`precondition_failed`: the resource's ETag now."),
        ("action", Name, "`action_not_allowed`: the refused action."),
        ("orderStatus", Name, "`action_not_allowed`: the order's status."),
        ("paymentStatus", Name, "`action_not_allowed`: the order's payment status."),
        ("fulfilmentStatus", Name, "`action_not_allowed`: the order's fulfilment status."),
        ("allowedActions", ListOf(Name, 20), "`action_not_allowed`: what the order allows now."),
        ("productId", Id, "`exceeds_reserved_stock`, `stock_below_reserved`, `duplicate_order_line`, `product_archived`, `units_per_line_cap_exceeded`, `currency_mismatch`: the product."),
        ("customerId", Id, "`email_taken` (to a caller with `customers.pii`): the customer that has the address."),
        ("productIds", ListOf(Id), "`unknown_product`: the ids that match no product."),
        ("sku", Name, "`product_archived`, `units_per_line_cap_exceeded`: the product's SKU."),
        ("skus", ListOf(Name), "`insufficient_stock`: the SKUs short of stock."),
        ("shortfalls", ListOf(Shortfall), "`insufficient_stock`: each line short of stock, with the units it asked for and the units available."),
        ("orderLineId", Id, "`unknown_order_line`, `shipment_exceeds_ordered_quantity`: the line."),
        ("ordered", Count, "`shipment_exceeds_ordered_quantity`: units ordered on the line."),
        ("alreadyShipped", Count, "`shipment_exceeds_ordered_quantity`: units of the line shipped before."),
        ("requested", Amount, "`exceeds_reserved_stock`, `shipment_exceeds_ordered_quantity`, `units_per_line_cap_exceeded` (units) and `refund_exceeds_paid_amount` (minor units): what was asked for."),
        ("reserved", Count, "`exceeds_reserved_stock`, `stock_below_reserved`: units reserved for orders."),
        ("delta", Count, "`stock_below_reserved`: the requested adjustment."),
        ("onHand", Count, "`stock_below_reserved`: units on hand."),
        ("expected", Name, "`currency_mismatch`: the order's currency."),
        ("actual", Name, "`currency_mismatch`: the currency that differs: of the amount or shipping fee sent, or of a product's price (then with `productId`)."),
        ("total", Amount, "`payment_amount_mismatch`: the order total in minor units."),
        ("paid", Amount, "`payment_amount_mismatch`: the amount sent in minor units."),
        ("refundable", Amount, "`refund_exceeds_paid_amount`: what can still be refunded, in minor units."),
        ("limit", Money, "`refund_limit_exceeded`: what the caller may refund on one order, in the order's currency."),
        ("alreadyRefunded", Money, "`refund_limit_exceeded`: what the caller has refunded on the order so far."),
        ("refund", Money, "`refund_limit_exceeded`, `refund_not_permitted`: the refund that was refused (for a cancellation, the amount it would give back)."),
        ("cap", Count, "`units_per_line_cap_exceeded`: units one line may order; `open_unpaid_orders_cap_exceeded`: unpaid orders one customer may hold."),
        ("valueCap", Money, "`reserved_value_cap_exceeded`: the value one customer's unpaid orders may reserve."),
        ("reservedValue", Money, "`reserved_value_cap_exceeded`: the value the customer's unpaid orders reserve now."),
        ("orderValue", Money, "`reserved_value_cap_exceeded`: the value this order would add."),
        ("max", Money, "`amount_too_large`: the largest total an order may have."),
        ("currency", Currency, "`currency_not_accepted`: the currency the shop takes no orders in."),
        ("currencies", ListOf(Currency, 100), "`currency_required`: the currencies the products ordered are priced in."),
        ("paymentDueAt", Instant, "`payment_window_closed`, `payment_window_open`: when the order's payment was or is due."),
        ("permission", Name, "`permission_missing`: the permission the operation needs; otherwise the permission at stake."),
        ("permissions", ListOf(Name), "The permissions that were missing or may not be granted."),
        ("roles", ListOf(Name), "`unknown_roles`: the role names that match no role."),
        ("scopes", ListOf(Name), "`unknown_scopes`: the scopes that name no permission."),
        ("users", Count, "`role_in_use`: how many users still hold the role."),
        ("reasons", ListOf(Name, 50), "Rejected passwords: every reason as a code (`password_too_short`, ...)."),
    ];

    /// <summary>Members whose values are a closed set, with the set (registered by the responses that carry it).</summary>
    private static readonly Dictionary<string, string> ClosedSetMembers = new(StringComparer.Ordinal)
    {
        ["action"] = "OrderAction",
        ["orderStatus"] = "OrderStatus",
        ["paymentStatus"] = "PaymentStatus",
        ["fulfilmentStatus"] = "FulfilmentStatus",
        ["allowedActions"] = "OrderAction",
    };

    /// <summary>Turns the generated <c>ProblemDetails</c> schema into the exact description.</summary>
    public static void Describe(OpenApiSchema schema, OpenApiDocument document)
    {
        var errors = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Invalid fields: each JSON path (`$.lines[0].quantity`, or a query parameter's name) with its messages.",
            AdditionalProperties = ListOf(Text, 20),
            MaxProperties = 200,
        };
        schema.Type = JsonSchemaType.Object;
        schema.Description =
            "An RFC 9457 problem. `code` is stable and names the error (its `type` is the same code under "
            + "`https://ordo.dev/problems/`); `traceId` is the W3C trace id of the request, as in the service's logs. "
            + "Some codes add the members listed below; there are no others.";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", MaxLength = 200, Description = "`https://ordo.dev/problems/` followed by the code." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200, Description = "The HTTP status's reason phrase, or a short summary." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2000, Description = "What went wrong, for people." },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64, Pattern = CodePattern, Description = CodeDescription() },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 32, Pattern = TraceIdPattern, Description = "Quote it when reporting a problem." },
            ["errors"] = errors,
        };
        foreach (var (name, member, description) in Extensions)
        {
            var described = Described(member, description);
            if (ClosedSetMembers.TryGetValue(name, out var set))
            {
                var reference = ClosedSets.ReferenceTo(document, set);
                if (described.Items is not null)
                {
                    described.Items = reference;
                }
                else
                {
                    described = new OpenApiSchema { AllOf = [reference], Description = description };
                }
            }

            schema.Properties[name] = described;
        }

        schema.Required = new HashSet<string>(["type", "title", "status", "detail", "code", "traceId"], StringComparer.Ordinal);
        schema.AdditionalPropertiesAllowed = false;
        schema.AdditionalProperties = null;
    }

    /// <summary>The code, with every code the API answers (<see cref="Http.ErrorCatalogue"/>): code, status, meaning.</summary>
    private static string CodeDescription() =>
        "The stable error code. Every code the API answers, with its status (a code ending in `*` names a family of codes):\n\n"
        + Http.ErrorCatalogue.Table();

    private static OpenApiSchema Described(IOpenApiSchema schema, string description)
    {
        var copy = (OpenApiSchema)schema.CreateShallowCopy();
        copy.Description = description;
        return copy;
    }
}
