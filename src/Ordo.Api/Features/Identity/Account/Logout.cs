using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public static class Logout
{
    public static RouteHandlerBuilder MapLogout(this IEndpointRouteBuilder account) =>
        account.MapPost("/logout", HandleAsync)
            .RequireAuthorization()
            .WithName("Logout")
            .OwnsItsTransaction()
            .WithSummary("Sign out everywhere")
            .WithDescription("Revokes every refresh token of the account and makes every access token already issued fail from the next request on.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        HttpContext http, UserManager<OrdoUser> users, UserSessions sessions, CancellationToken cancellationToken)
    {
        var user = await AccountCaller.UserAsync(http, users);
        if (user is null)
        {
            return AccountProblems.NotAUser();
        }

        await sessions.RevokeAllAsync(user, cancellationToken);
        return TypedResults.NoContent();
    }
}
