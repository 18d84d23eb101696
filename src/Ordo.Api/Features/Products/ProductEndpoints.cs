using Ordo.Api.Http;
namespace Ordo.Api.Features.Products;

public static class ProductEndpoints
{
    public static IServiceCollection AddOrdoProducts(this IServiceCollection services) =>
        services.AddJsonTypes(ProductsJsonContext.Default);

    public static IEndpointRouteBuilder MapProducts(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Products");
        products.MapCreateProduct();
        products.MapListProducts();
        products.MapGetProduct();
        products.MapUpdateProduct();
        products.MapArchiveProduct();
        products.MapAdjustStock();
        products.MapListStockMovements();
        products.MapGetStockMovement();
        return api;
    }
}
