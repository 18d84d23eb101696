using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ordo.Api.Infrastructure.OpenApi;

/// <summary>A query parameter that a handler reads itself (lists read theirs strictly through ListQuery).</summary>
public sealed record QueryParameter(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String, string? Example = null);

public static class OpenApiConventions
{
    private static readonly QueryParameter[] PagingParameters =
    [
        new("limit", "Rows per page, 1 to 200 (default 50).", JsonSchemaType.Integer, "50"),
        new("cursor", "The `nextCursor` of the previous page; valid only with the same filters."),
    ];

    /// <summary>Documents a cursor-paginated list: paging and filter parameters, and its 400 for unknown ones.</summary>
    public static RouteHandlerBuilder ListsPages(this RouteHandlerBuilder endpoint, params QueryParameter[] filters) =>
        endpoint.WithQuery([.. filters, .. PagingParameters]).ProducesProblem(StatusCodes.Status400BadRequest);

    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder endpoint, params QueryParameter[] parameters) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema { Type = parameter.Type },
                    Example = parameter.Example is null ? null : JsonValue.Create(parameter.Example),
                });
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// Conventions that hold for every route, added in one place so no endpoint can forget them: ids that may not
    /// exist (404), conditional requests (If-None-Match / 304 on reads, If-Match on writes), and request examples.
    /// </summary>
    public static OpenApiOptions AddOrdoConventions(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddOperationTransformer((operation, context, _) =>
        {
            var route = context.Description.RelativePath ?? "";
            var method = context.Description.HttpMethod ?? "";
            operation.Parameters ??= [];
            operation.Responses ??= [];
            var problem = operation.Responses.Values
                .Select(response => response.Content is { } media && media.TryGetValue("application/problem+json", out var type) ? type : null)
                .FirstOrDefault(content => content is not null);
            if (route.Contains("{id", StringComparison.Ordinal) && problem is not null)
            {
                operation.Responses.TryAdd("404", new OpenApiResponse
                {
                    Description = "Not Found",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = problem },
                });
            }

            if (method == "GET" && route.EndsWith('}'))
            {
                operation.Parameters.Add(Header("If-None-Match", "An ETag from an earlier read: 304 Not Modified while it is still current."));
                operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not Modified" });
            }

            if (method is "POST" or "PATCH" && route.Contains("{id", StringComparison.Ordinal))
            {
                operation.Parameters.Add(Header(
                    "If-Match",
                    method == "PATCH"
                        ? "Required: the ETag you last read (428 without it, 412 when stale)."
                        : "Optional: the ETag you last read; 412 when the resource has changed since."));
            }

            if (operation.OperationId is { } id && RequestExamples.TryGetValue(id, out var example)
                && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(example);
                }
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(Features.MoneyDto))
            {
                schema.Examples = [JsonNode.Parse("""{"amount": 1999, "currency": "EUR"}""")!];
            }
            else if (ResponseExamples.For(context.JsonTypeInfo.Type, context.JsonTypeInfo.Options) is { } example)
            {
                schema.Examples = [example];
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static readonly Dictionary<string, string> RequestExamples = new()
    {
        ["CreateProduct"] = """{"sku": "MUG-BLUE", "name": "Blue mug", "description": "Stoneware, 300 ml", "unitPrice": {"amount": 1999, "currency": "EUR"}, "initialStock": 25}""",
        ["UpdateProduct"] = """{"name": "Blue mug, large", "description": null}""",
        ["AdjustStock"] = """{"kind": "receipt", "quantity": 40, "reason": "Delivery note 1182"}""",
        ["CreateCustomer"] = """{"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0000", "addresses": [{"line1": "12 St James's Square", "city": "London", "postalCode": "SW1Y 4LB", "countryCode": "GB"}]}""",
        ["UpdateCustomer"] = """{"phone": null}""",
        ["PlaceOrder"] = """{"customerId": "01968f0e-5c3a-7b1e-9d2f-3a4b5c6d7e8f", "currency": "EUR", "lines": [{"productId": "01968f0e-1111-7b1e-9d2f-3a4b5c6d7e8f", "quantity": 2}]}""",
        ["PayOrder"] = """{"amount": {"amount": 4493, "currency": "EUR"}, "externalReference": "pi_3PqK2aLkdIwHu7ix0"}""",
        ["RefundOrder"] = """{"amount": {"amount": 1999, "currency": "EUR"}, "reason": "Arrived broken"}""",
        ["ShipOrder"] = """{"carrier": "DHL", "trackingNumber": "JD014600006281230512", "lines": [{"orderLineId": "01968f0e-2222-7b1e-9d2f-3a4b5c6d7e8f", "quantity": 1}]}""",
    };
}
