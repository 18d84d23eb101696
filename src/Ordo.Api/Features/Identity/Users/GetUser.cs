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

    public static async Task<Results<Ok<UserResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return DomainProblems.NotFound("user");
        }

        var response = await UserResponse.LoadAsync(http, db, user, time.GetUtcNow(), cancellationToken);
        return ETags.NotModified(http, response) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(response);
    }
}
