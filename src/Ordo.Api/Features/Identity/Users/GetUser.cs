using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Identity.Users;

public static class GetUser
{
    public static RouteHandlerBuilder MapGetUser(this IEndpointRouteBuilder users) =>
        users.MapGet("/{id:guid}", HandleAsync)
            .WithName("GetUser")
            .WithSummary("Get a user")
            .WithDescription(
                "The user's kind, roles and status; never password hashes, security stamps or authenticator keys. A strong `ETag` " +
                "(send it as `If-Match` to disable or enable); `If-None-Match` answers 304.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .SendsETag()
            .RequirePermission(Permissions.UsersRead);

    /// <summary>The read other transports call: the user as <paramref name="caller"/> sees them, or null.</summary>
    public static async Task<UserResponse?> FindAsync(Guid id, CallerAccess caller, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? null : await UserResponse.LoadAsync(db, user, time.GetUtcNow(), caller, cancellationToken);
    }

    /// <summary>A single handler (a plain read, <see cref="FindAsync"/>): 404, or the user with its ETag, or 304.</summary>
    public static async Task<Results<Ok<UserResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var response = await FindAsync(id, CallerAccess.Required(http), db, time, cancellationToken);
        if (response is null)
        {
            return DomainProblems.NotFound("user");
        }

        return ETags.NotModified(http, response) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(response);
    }
}
