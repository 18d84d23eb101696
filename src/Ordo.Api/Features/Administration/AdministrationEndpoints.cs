using Ordo.Api.Features.Clients;
using Ordo.Api.Features.Roles;
using Ordo.Api.Features.Users;

namespace Ordo.Api.Features.Administration;

public static class AdministrationEndpoints
{
    /// <summary>Users, roles and API clients: who may sign in, and what they may do.</summary>
    public static IEndpointRouteBuilder MapAdministration(this IEndpointRouteBuilder api) =>
        api.MapUsers().MapRoles().MapClients();
}
