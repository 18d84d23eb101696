using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Products;
using Ordo.Persistence;

namespace Ordo.Api.Features.Products;

public sealed record CreateProductRequest(
    [property: RegularExpression(Sku.Pattern), MaxLength(Sku.MaxLength)] string Sku,
    [property: MaxLength(Product.MaxNameLength)] string Name,
    MoneyDto UnitPrice,
    [property: MaxLength(Product.MaxDescriptionLength)] string? Description = null,
    [property: Range(0, int.MaxValue)] int InitialStock = 0,
    [property: MaxLength(MetadataRules.MaxKeys), ListItems(MetadataRules.MaxValueLength)] IReadOnlyDictionary<string, string>? Metadata = null);

public static class CreateProduct
{
    public static RouteHandlerBuilder MapCreateProduct(this IEndpointRouteBuilder products) =>
        products.MapPost("/", HandleAsync)
            .WithName("CreateProduct")
            .WithRequestExample("""{"sku": "MUG-BLUE", "name": "Blue mug", "description": "Stoneware, 300 ml", "unitPrice": {"amount": 1999, "currency": "EUR"}, "initialStock": 25}""")
            .SendsETag()
            .RequirePermission(Permissions.CatalogWrite)
            .WithSummary("Create a product")
            .WithDescription("Adds an active product to the catalogue; `initialStock` (default 0) is recorded as a receipt; `metadata` holds your own keys (up to 50 keys of letters, digits, `_ - . :`, 40 characters, with values of up to 500).")
            .ChangesState();

    /// <summary>
    /// The use case: adds the product, and its initial stock as a receipt. <paramref name="scopes"/> gives a fresh
    /// database context to tell a SKU taken concurrently from another failure of the save.
    /// </summary>
    public static async Task<Result<Product>> ExecuteAsync(
        CreateProductRequest request, OrdoDbContext db, TimeProvider time, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var errors = new RequestErrors().Check(request.InitialStock >= 0, "$.initialStock", "The initial stock cannot be negative.");
        if (errors.Any)
        {
            return errors.ToError();
        }

        var now = time.GetUtcNow();
        var sku = Sku.Create(request.Sku);
        if (sku.IsFailure)
        {
            return sku.Error;
        }

        var price = request.UnitPrice.ToMoney();
        if (price.IsFailure)
        {
            return price.Error;
        }

        var created = Product.Create(sku.Value, request.Name, request.Description, price.Value, now);
        if (created.IsFailure)
        {
            return created.Error;
        }

        var product = created.Value;
        var tagged = product.ChangeMetadata(MetadataInput.FromCreate(request.Metadata), now);
        if (tagged.IsFailure)
        {
            return tagged.Error;
        }

        if (await db.SkuExistsAsync(sku.Value, cancellationToken))
        {
            return SkuTaken(sku.Value);
        }

        db.Products.Add(product);
        if (request.InitialStock > 0)
        {
            var receipt = product.ReceiveStock(request.InitialStock, StockMovement.InitialStockReason, now);
            if (receipt.IsFailure)
            {
                return receipt.Error;
            }

            db.StockMovements.Add(receipt.Value);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (await SkuTakenConcurrentlyAsync(scopes, sku.Value))
            {
                return SkuTaken(sku.Value);
            }

            throw;
        }

        return product;
    }

    /// <summary>The REST adapter: 201 with the product, its address and its ETag.</summary>
    public static async Task<Results<Created<ProductResponse>, ProblemHttpResult>> HandleAsync(
        CreateProductRequest request, OrdoDbContext db, TimeProvider time, IServiceScopeFactory scopes, HttpContext http, CancellationToken cancellationToken) =>
        (await ExecuteAsync(request, db, time, scopes, cancellationToken))
            .ToHttp(product =>
            {
                ETags.Set(http, Versioning.Of(db, product));
                return TypedResults.Created($"/api/v1/products/{product.Id}", ProductResponse.From(product));
            });

    private static DomainError SkuTaken(Sku sku) => ProductApiErrors.SkuTaken.Error($"A product with SKU {sku.Value} already exists.");

    // A concurrent create won the unique index; check in a fresh scope, this transaction is unusable.
    private static async Task<bool> SkuTakenConcurrentlyAsync(IServiceScopeFactory scopes, Sku sku)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrdoDbContext>().SkuExistsAsync(sku, CancellationToken.None);
    }

    private static Task<bool> SkuExistsAsync(this OrdoDbContext db, Sku sku, CancellationToken cancellationToken) =>
        EntityFrameworkQueryableExtensions.AnyAsync(db.Products, p => p.Sku == sku, cancellationToken);
}
