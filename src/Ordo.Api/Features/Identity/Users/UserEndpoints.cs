using Ordo.Api.Http;

namespace Ordo.Api.Features.Identity.Users;

public static class UserEndpoints
{
    public static IServiceCollection AddOrdoUsers(this IServiceCollection services) =>
        services.AddJsonTypes(UsersJsonContext.Default);

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        users.MapListUsers();
        users.MapGetUser();
        users.MapCreateUser();
        users.MapSetUserRoles();
        users.MapDisableUser();
        users.MapEnableUser();
        users.MapResetUserMfa();
        users.MapListUserSessions();
        users.MapRevokeUserSession();
        users.MapRevokeUserSessions();
        return api;
    }
}
