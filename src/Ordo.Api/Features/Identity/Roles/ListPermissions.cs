using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Infrastructure.Authorization;

namespace Ordo.Api.Features.Identity.Roles;

public sealed record PermissionResponse(
    [property: Infrastructure.OpenApi.ClosedSet("Permission", typeof(Permissions), nameof(Permissions.Catalogue))] string Name, string Description);

public static class ListPermissions
{
    public static RouteHandlerBuilder MapListPermissions(this IEndpointRouteBuilder api) =>
        api.MapGet("/permissions", Handle)
            .WithTags("Roles")
            .WithName("ListPermissions")
            .WithSummary("List the permission catalogue")
            .WithDescription("Every permission a role can grant and an API client can receive as a scope. The catalogue is fixed by the code.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequirePermission(Permissions.UsersRead);

    public static Ok<List<PermissionResponse>> Handle() =>
        TypedResults.Ok(Permissions.Descriptions.Select(pair => new PermissionResponse(pair.Key, pair.Value)).ToList());
}
