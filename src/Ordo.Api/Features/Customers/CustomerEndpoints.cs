using Ordo.Api.Http;
namespace Ordo.Api.Features.Customers;

public static class CustomerEndpoints
{
    public static IServiceCollection AddOrdoCustomers(this IServiceCollection services) =>
        services.AddJsonTypes(CustomersJsonContext.Default);

    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapCreateCustomer();
        customers.MapListCustomers();
        customers.MapGetCustomer();
        customers.MapUpdateCustomer();
        return api;
    }
}
