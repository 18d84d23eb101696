using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Roles;

public static class GetRole
{
    public static RouteHandlerBuilder MapGetRole(this IEndpointRouteBuilder roles) =>
        roles.MapGet("/{id:guid}", HandleAsync)
            .WithName("GetRole")
            .SendsETag()
            .WithSummary("Get a role")
            .WithDescription("The role with its permissions and a strong `ETag` (send it as `If-Match` to update); `If-None-Match` answers 304.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permissions.UsersRead);

    /// <summary>The read other transports call: the role, or null (its representation is <see cref="RoleResponse.LoadAsync"/>).</summary>
    public static Task<OrdoRole?> FindAsync(Guid id, OrdoDbContext db, CancellationToken cancellationToken) =>
        db.Roles.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>A single handler (a plain read, <see cref="FindAsync"/>): 404, or the role with its ETag, or 304.</summary>
    public static async Task<Results<Ok<RoleResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var role = await FindAsync(id, db, cancellationToken);
        if (role is null)
        {
            return DomainProblems.NotFound("role");
        }

        RoleETags.Set(http, role);
        return RoleETags.IfNoneMatchHits(http.Request, role)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok((await RoleResponse.LoadAsync(db, [role], cancellationToken))[0]);
    }
}
