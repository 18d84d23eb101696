namespace Ordo.Api.Features.Roles;

public static class RoleEndpoints
{
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
