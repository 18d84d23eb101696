using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

/// <summary>
/// The fields a product's merge patch may carry, each optional: the document's description of the PATCH body (the
/// handler reads the patch itself, since "absent" and "null" differ). Only <c>description</c> may be null (cleared).
/// </summary>
public sealed class ProductPatch
{
    [MaxLength(Product.MaxNameLength)]
    public string Name { get; init; } = "";

    [MaxLength(Product.MaxDescriptionLength)]
    public string? Description { get; init; }

    public MoneyDto UnitPrice { get; init; } = null!;

    /// <summary>Keys to set to a string, or to remove with null; <c>null</c> for the whole map removes every key.</summary>
    [MaxLength(MetadataRules.MaxKeys), ListItems(MetadataRules.MaxValueLength)]
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }
}

/// <summary>PATCH with JSON Merge Patch (RFC 7396): absent fields stay, <c>null</c> clears an optional field.</summary>
public static class UpdateProduct
{
    private static readonly IReadOnlySet<string> Writable = MergePatch.FieldsOf<ProductPatch>();

    public static RouteHandlerBuilder MapUpdateProduct(this IEndpointRouteBuilder products) =>
        products.MapPatch("/{id:guid}", HandleAsync)
            .WithName("UpdateProduct")
            .WithRequestExample("""{"name": "Blue mug, large", "description": null}""")
            .SendsETag()
            .TakesIfMatch(IfMatch.Required)
            .RequirePermission(Permissions.CatalogWrite)
            .WithSummary("Update a product")
            .WithDescription("JSON Merge Patch of `name`, `description`, `unitPrice` and `metadata` (a string sets a key, null removes it, `\"metadata\": null` removes every key). Requires `If-Match` with the current ETag (428 without it, 412 when stale).")
            .AcceptsMergePatch<ProductPatch>()
            .ChangesState();

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, JsonElement patch, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (MergePatch.CheckDocument(http.Request, patch) is { } badDocument)
        {
            return badDocument;
        }

        var product = await db.FindForChangeAsync(id, cancellationToken);
        if (product is null)
        {
            return DomainProblems.NotFound("product");
        }

        if (ETags.CheckIfMatch(http.Request, Versioning.Of(db, product), required: true) is { } precondition)
        {
            return precondition;
        }

        var errors = MergePatch.RejectUnwritable(patch, Writable);

        var name = product.Name;
        var description = product.Description;
        var price = product.UnitPrice;
        if (patch.TryGetProperty("name", out var nameValue))
        {
            errors.Check(nameValue.ValueKind == JsonValueKind.String, "$.name", "The name must be a string.");
            name = nameValue.ValueKind == JsonValueKind.String ? nameValue.GetString()! : name;
        }

        if (patch.TryGetProperty("description", out var descriptionValue))
        {
            errors.Check(descriptionValue.ValueKind is JsonValueKind.String or JsonValueKind.Null, "$.description", "The description must be a string or null.");
            description = descriptionValue.ValueKind == JsonValueKind.String ? descriptionValue.GetString() : null;
        }

        if (patch.TryGetProperty("unitPrice", out var priceValue))
        {
            var parsed = ParseMoney(priceValue);
            if (parsed is null)
            {
                errors.Add("$.unitPrice", "The unit price must be an object {\"amount\": integer minor units, \"currency\": \"EUR\"}.");
            }
            else
            {
                price = parsed.Value;
            }
        }

        var metadata = MetadataInput.FromPatch(patch, product.Metadata, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = time.GetUtcNow();
        var updated = product.UpdateDetails(name, description, now);
        if (updated.IsSuccess && price != product.UnitPrice)
        {
            updated = product.ChangePrice(price, now);
        }

        if (updated.IsSuccess && metadata is not null)
        {
            updated = product.ChangeMetadata(metadata, now);
        }

        if (updated.IsFailure)
        {
            return updated.Error.ToProblem();
        }

        await db.SaveChangesAsync(cancellationToken);
        ETags.Set(http, Versioning.Of(db, product));
        return TypedResults.Ok(ProductResponse.From(product));
    }

    private static Money? ParseMoney(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object
            || value.EnumerateObject().Any(p => p.Name is not ("amount" or "currency"))
            || !value.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Number || !amount.TryGetInt64(out var minor)
            || !value.TryGetProperty("currency", out var currency) || currency.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var money = Money.Create(minor, currency.GetString());
        return money.IsSuccess ? money.Value : null;
    }
}
