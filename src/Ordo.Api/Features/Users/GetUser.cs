using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence;

namespace Ordo.Api.Features.Users;

public static class GetUser
{
    public static RouteHandlerBuilder MapGetUser(this IEndpointRouteBuilder users) =>
        users.MapGet("/{id:guid}", HandleAsync)
            .WithName("GetUser")
            .WithSummary("Get a user")
            .WithDescription("The user's kind, roles and status; never password hashes, security stamps or authenticator keys.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permissions.UsersRead);

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null
            ? DomainProblems.NotFound("user")
            : TypedResults.Ok(await UserResponse.LoadAsync(db, user, time.GetUtcNow(), cancellationToken));
    }
}
