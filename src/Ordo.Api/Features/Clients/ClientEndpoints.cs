namespace Ordo.Api.Features.Clients;

public static class ClientEndpoints
{
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
