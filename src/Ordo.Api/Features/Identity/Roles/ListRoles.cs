using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Identity.Roles;

/// <summary>Reading roles needs <c>users.read</c>: whoever can see users can see what their roles mean.</summary>
public static class ListRoles
{
    public static RouteHandlerBuilder MapListRoles(this IEndpointRouteBuilder roles) =>
        roles.MapGet("/", HandleAsync)
            .WithName("ListRoles")
            .WithSummary("List roles")
            .WithDescription("Cursor-paginated, oldest first, with each role's permissions and number of users.")
            .ListsPages()
            .RequirePermission(Permissions.UsersRead);

    /// <summary>The read other transports call: up to <paramref name="limit"/> + 1 roles after <paramref name="after"/>, oldest first.</summary>
    public static async Task<List<RoleResponse>> PageAsync(Guid? after, int limit, OrdoDbContext db, CancellationToken cancellationToken)
    {
        var roles = db.Roles.AsNoTracking();
        if (after is { } cursorId)
        {
            roles = roles.Where(r => r.Id.CompareTo(cursorId) > 0);
        }

        var rows = await roles.OrderBy(r => r.Id).Take(limit + 1).ToListAsync(cancellationToken);
        return await RoleResponse.LoadAsync(db, rows, cancellationToken);
    }

    /// <summary>A single handler (a plain read, <see cref="PageAsync"/>): the page with its links.</summary>
    public static async Task<Results<Ok<Page<RoleResponse>>, ProblemHttpResult>> HandleAsync(
        OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, "roles");
        var afterId = query.CursorId();
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        var data = await PageAsync(afterId, query.Limit, db, cancellationToken);
        return TypedResults.Ok(Paging.Respond(http, data, query.Limit, r => [r.Id.ToString()], query.Scope));
    }
}
