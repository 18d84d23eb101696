using Ordo.Api.Http;

namespace Ordo.Api.Features.Identity.Clients;

public static class ClientEndpoints
{
    public static IServiceCollection AddOrdoClients(this IServiceCollection services) =>
        services.AddJsonTypes(ClientsJsonContext.Default);

    public static IEndpointRouteBuilder MapClients(this IEndpointRouteBuilder api)
    {
        var clients = api.MapGroup("/clients").WithTags("Clients");
        clients.MapCreateClient();
        clients.MapListClients();
        clients.MapGetClient();
        clients.MapRotateClientSecret();
        clients.MapDeleteClient();
        return api;
    }
}
