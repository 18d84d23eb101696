using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
/// The fields a product's merge patch may carry, each optional: bound from the PATCH body and the document's description
/// of it. Only <c>description</c> may be null (cleared).
/// </summary>
public sealed class ProductPatch : MergePatch<ProductPatch>
{
    [MaxLength(Product.MaxNameLength)]
    public string Name { get; init => field = Sent(value); } = "";

    [MaxLength(Product.MaxDescriptionLength)]
    public string? Description { get; init => field = Sent(value); }

    public MoneyDto UnitPrice { get; init => field = Sent(value); } = null!;

    /// <summary>Keys to set to a string, or to remove with null; <c>null</c> for the whole map removes every key.</summary>
    [MaxLength(MetadataRules.MaxKeys), ListItems(MetadataRules.MaxValueLength)]
    public IReadOnlyDictionary<string, string?>? Metadata { get; init => field = Sent(value); }

    protected override string ShapeOf(string field) => field switch
    {
        "name" => "The name must be a string.",
        "description" => "The description must be a string or null.",
        _ => "The unit price must be an object {\"amount\": integer minor units, \"currency\": \"EUR\"}.",
    };

    /// <summary>A unit price is one field: any fault in it, its currency included, is named at <c>$.unitPrice</c>.</summary>
    protected override bool TryRead(JsonPropertyInfo field, JsonElement value, JsonSerializerOptions options, RequestErrors errors, out object? read)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(errors);
        switch (field.Name)
        {
            case "metadata":
                read = null;
                return MetadataInput.CheckPatch(value, errors) && base.TryRead(field, value, options, errors, out read);
            case "unitPrice":
                read = ReadMoney(value, options);
                errors.Check(read is not null, "$.unitPrice", ShapeOf(field.Name));
                return read is not null;
            default:
                return base.TryRead(field, value, options, errors, out read);
        }
    }

    private static MoneyDto? ReadMoney(JsonElement value, JsonSerializerOptions options)
    {
        try
        {
            return value.Deserialize<MoneyDto>(options) is { } money && money.ToMoney().IsSuccess ? money : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>PATCH with JSON Merge Patch (RFC 7396): absent fields stay, <c>null</c> clears an optional field.</summary>
public static class UpdateProduct
{
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

    /// <summary>The use case: applies the patch to the product (when <paramref name="ifMatch"/> names its current version).</summary>
    public static async Task<Result<Product>> ExecuteAsync(
        Guid id, string? ifMatch, ProductPatch patch, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var product = await db.FindForChangeAsync(id, cancellationToken);
        if (product is null)
        {
            return HttpErrors.NotFoundWithId("product");
        }

        if (ETags.CheckIfMatch(ifMatch, Versioning.Of(db, product), required: true) is { } precondition)
        {
            return precondition;
        }

        if (patch.Invalid is { } invalid)
        {
            return invalid;
        }

        var name = patch.Has(nameof(patch.Name)) ? patch.Name : product.Name;
        var description = patch.Has(nameof(patch.Description)) ? patch.Description : product.Description;
        var price = patch.Has(nameof(patch.UnitPrice)) ? patch.UnitPrice.ToMoney() : product.UnitPrice;
        if (price.IsFailure)
        {
            return price.Error;
        }

        var metadata = patch.Has(nameof(patch.Metadata)) ? MetadataInput.FromPatch(patch.Metadata, product.Metadata) : null;
        var now = time.GetUtcNow();
        var updated = product.UpdateDetails(name, description, now);
        if (updated.IsSuccess && price.Value != product.UnitPrice)
        {
            updated = product.ChangePrice(price.Value, now);
        }

        if (updated.IsSuccess && metadata is not null)
        {
            updated = product.ChangeMetadata(metadata, now);
        }

        if (updated.IsFailure)
        {
            return updated.Error;
        }

        await db.SaveChangesAsync(cancellationToken);
        return product;
    }

    /// <summary>The REST adapter: refuses a body that is no merge patch, then answers the product with its new ETag.</summary>
    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, ProductPatch patch, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return patch.Unreadable is { } unreadable
            ? unreadable.ToProblem()
            : (await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), patch, db, time, cancellationToken))
                .ToHttp(product => db.Answered(http, product));
    }
}
