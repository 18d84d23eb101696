using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Infrastructure.Contract;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// The limits the document states are the ones the server enforces: for request bodies that work as they are, every
/// field is sent once just past each documented limit (<c>maxLength</c> + 1, <c>maxItems</c> + 1, <c>maximum</c> + 1,
/// <c>minimum</c> − 1), and the server must refuse it with 400 or 422 naming the field. (The other direction, that
/// nothing the server accepts breaks a documented limit, is checked on every successful response of the suite.)
/// </summary>
public sealed class DocumentedLimitsTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    public static TheoryData<string> Operations => ["CreateProduct", "CreateCustomer", "UpdateProduct", "UpdateCustomer", "AdjustStock", "PlaceOrder", "CreateRole", "CreateClient", "CreateUser", "Register"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_value_just_past_a_documented_limit_is_refused(string operationId)
    {
        var contract = await Fixture.Factory.ContractAsync(Cancellation);
        var target = await ArrangeAsync(operationId);
        var (path, method, operation) = Find(contract, operationId);
        var content = contract.Resolve(operation.GetProperty("requestBody")).GetProperty("content").EnumerateObject().First();
        var mutations = Mutations(contract, contract.Resolve(content.Value.GetProperty("schema")), JsonNode.Parse(target.Body)!, "$").ToList();
        Assert.True(mutations.Count > 0, $"{operationId} documents no limits");

        foreach (var (field, limit, body) in mutations)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), target.Url ?? path)
            {
                Content = HttpJson.Body(body.ToJsonString(), content.Name),
            };
            if (target.ETag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", target.ETag);
            }

            using var response = await Client.SendAsync(request, Cancellation);
            var answer = await response.Content.ReadAsStringAsync(Cancellation);
            Assert.True(
                response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity,
                $"{operationId}: {field} past its documented {limit} answered {(int)response.StatusCode}: {answer}");
            var name = field.Split('.', '[')[^1].TrimEnd(']');
            Assert.True(
                answer.Contains(name, StringComparison.OrdinalIgnoreCase) || answer.Contains(JsonNamingPolicy.SnakeCaseLower.ConvertName(name), StringComparison.Ordinal),
                $"{operationId}: the refusal of {field} past its {limit} does not name it: {answer}");
        }
    }

    private sealed record Target(string Body, string? Url = null, string? ETag = null);

    /// <summary>A request body the server accepts as it is (and the resource it acts on, for writes to one).</summary>
    private async Task<Target> ArrangeAsync(string operationId)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        switch (operationId)
        {
            case "CreateProduct":
                return new($$$"""{"sku": "LIM-{{{unique}}}", "name": "Mug", "description": "Stoneware", "unitPrice": {"amount": 1999, "currency": "EUR"}, "initialStock": 5}""");
            case "CreateCustomer":
                return new($$$"""{"name": "Ada", "email": "ada-{{{unique}}}@example.com", "phone": "+44 20 7946 0000", "addresses": [{"line1": "12 St James's Square", "line2": "Floor 2", "city": "London", "postalCode": "SW1Y 4LB", "region": "London", "countryCode": "GB"}]}""");
            case "UpdateProduct":
            case "AdjustStock":
                {
                    using var created = await Client.SendPostAsync("/api/v1/products", JsonNode.Parse((await ArrangeAsync("CreateProduct")).Body)!);
                    var product = await created.JsonAsync(HttpStatusCode.Created);
                    var url = $"/api/v1/products/{product.GetProperty("id").GetString()}";
                    return operationId == "AdjustStock"
                        ? new("""{"kind": "adjustment", "quantity": 3, "reason": "Count"}""", url + "/stock-adjustments")
                        : new("""{"name": "Mug", "description": "Stoneware", "unitPrice": {"amount": 2999, "currency": "EUR"}}""", url, created.ETag());
                }

            case "UpdateCustomer":
                {
                    using var created = await Client.SendPostAsync("/api/v1/customers", JsonNode.Parse((await ArrangeAsync("CreateCustomer")).Body)!);
                    var customer = await created.JsonAsync(HttpStatusCode.Created);
                    var patch = JsonNode.Parse((await ArrangeAsync("CreateCustomer")).Body)!;
                    return new(patch.ToJsonString(), $"/api/v1/customers/{customer.GetProperty("id").GetString()}", created.ETag());
                }

            case "PlaceOrder":
                {
                    using var product = await Client.SendPostAsync("/api/v1/products", JsonNode.Parse((await ArrangeAsync("CreateProduct")).Body)!);
                    using var customer = await Client.SendPostAsync("/api/v1/customers", JsonNode.Parse((await ArrangeAsync("CreateCustomer")).Body)!);
                    var productId = (await product.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
                    var customerId = (await customer.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
                    return new($$$"""{"customerId": "{{{customerId}}}", "currency": "EUR", "lines": [{"productId": "{{{productId}}}", "quantity": 1}], "shippingFee": {"amount": 495, "currency": "EUR"}}""");
                }

            case "CreateRole":
                return new($$$"""{"name": "lim-{{{unique}}}", "description": "Limits", "permissions": ["catalog.read"]}""");
            case "CreateClient":
                return new("""{"displayName": "Limits", "scopes": ["catalog.read"]}""");
            case "CreateUser":
                return new($$$"""{"email": "lim-{{{unique}}}@ordo.test", "password": "{{{TestAuth.NewPassword()}}}", "roles": ["support"]}""");
            case "Register":
                return new($$$"""{"email": "reg-{{{unique}}}@example.com", "password": "{{{TestAuth.NewPassword()}}}", "name": "Ada"}""");
            default:
                throw new ArgumentOutOfRangeException(nameof(operationId), operationId, "no arrangement for it");
        }
    }

    private static (string Path, string Method, JsonElement Operation) Find(ApiContract contract, string operationId)
    {
        foreach (var path in contract.Document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out var id) && id.GetString() == operationId))
            {
                return (path.Name, operation.Name, operation.Value);
            }
        }

        throw new InvalidOperationException($"{operationId} is not in the document");
    }

    /// <summary>For every documented limit of a field present in <paramref name="body"/>: a copy of the whole body with that field just past it.</summary>
    private static IEnumerable<(string Field, string Limit, JsonNode Body)> Mutations(ApiContract contract, JsonElement schema, JsonNode body, string path)
    {
        if (!schema.TryGetProperty("properties", out var properties) || body is not JsonObject)
        {
            yield break;
        }

        foreach (var property in properties.EnumerateObject())
        {
            var value = body[property.Name];
            if (value is null)
            {
                continue;
            }

            var field = $"{path}.{property.Name}";
            var definition = contract.Resolve(property.Value);
            foreach (var (limit, replacement) in PastLimits(contract, definition, value))
            {
                var copy = body.DeepClone();
                copy[property.Name] = replacement;
                yield return (field, limit, copy);
            }

            // One level down (money, addresses, order lines): the first element of a list stands for all.
            var (inner, innerSchema) = value is JsonArray { Count: > 0 } list && definition.TryGetProperty("items", out var items)
                ? (list[0]!, contract.Resolve(items))
                : (value, definition);
            foreach (var (innerField, limit, innerBody) in Mutations(contract, innerSchema, inner, value is JsonArray ? field + "[0]" : field))
            {
                var copy = body.DeepClone();
                if (value is JsonArray)
                {
                    copy[property.Name]![0] = innerBody;
                }
                else
                {
                    copy[property.Name] = innerBody;
                }

                yield return (innerField, limit, copy);
            }
        }
    }

    private static IEnumerable<(string Limit, JsonNode Value)> PastLimits(ApiContract contract, JsonElement schema, JsonNode value)
    {
        if (schema.TryGetProperty("maxLength", out var maxLength) && value.GetValueKind() == JsonValueKind.String)
        {
            yield return ($"maxLength {maxLength.GetInt32()}", JsonValue.Create(new string('x', maxLength.GetInt32() + 1)));
        }

        if (schema.TryGetProperty("maxItems", out var maxItems) && value is JsonArray { Count: > 0 } list)
        {
            yield return ($"maxItems {maxItems.GetInt32()}", new JsonArray([.. Enumerable.Range(0, maxItems.GetInt32() + 1).Select(_ => list[0]!.DeepClone())]));
        }

        if (schema.TryGetProperty("items", out var items) && value is JsonArray { Count: > 0 } strings && strings[0]!.GetValueKind() == JsonValueKind.String
            && contract.Resolve(items).TryGetProperty("maxLength", out var itemLength))
        {
            yield return ($"items.maxLength {itemLength.GetInt32()}", new JsonArray(JsonValue.Create(new string('x', itemLength.GetInt32() + 1))));
        }

        if (value.GetValueKind() == JsonValueKind.Number)
        {
            if (schema.TryGetProperty("maximum", out var maximum) && maximum.TryGetInt64(out var max) && max < long.MaxValue
                && !(schema.TryGetProperty("format", out var format) && format.GetString() == "int32" && max == int.MaxValue))
            {
                yield return ($"maximum {max}", JsonValue.Create(max + 1));
            }

            if (schema.TryGetProperty("minimum", out var minimum) && minimum.TryGetInt64(out var min) && min > long.MinValue
                && !(schema.TryGetProperty("format", out var minFormat) && minFormat.GetString() == "int32" && min == int.MinValue))
            {
                yield return ($"minimum {min}", JsonValue.Create(min - 1));
            }
        }
    }
}
