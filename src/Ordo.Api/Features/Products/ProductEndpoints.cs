namespace Ordo.Api.Features.Products;

public static class ProductEndpoints
{
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
