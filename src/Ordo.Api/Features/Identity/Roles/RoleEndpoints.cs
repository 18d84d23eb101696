using Ordo.Api.Http;

namespace Ordo.Api.Features.Identity.Roles;

public static class RoleEndpoints
{
    public static IServiceCollection AddOrdoRoles(this IServiceCollection services) =>
        services.AddJsonTypes(RolesJsonContext.Default);

    public static IEndpointRouteBuilder MapRoles(this IEndpointRouteBuilder api)
    {
        var roles = api.MapGroup("/roles").WithTags("Roles");
        roles.MapListRoles();
        roles.MapGetRole();
        roles.MapCreateRole();
        roles.MapUpdateRole();
        roles.MapDeleteRole();
        api.MapListPermissions();
        return api;
    }
}
