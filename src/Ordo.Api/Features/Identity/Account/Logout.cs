using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Domain.Common;
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

    /// <summary>The use case: ends every session of the caller's account, the caller's own included.</summary>
    public static async Task<Result> ExecuteAsync(CallerAccess caller, UserManager<OrdoUser> users, UserSessions sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var user = await AccountCaller.UserAsync(caller, users);
        if (user.IsFailure)
        {
            return user;
        }

        await sessions.RevokeAllAsync(user.Value, cancellationToken);
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        HttpContext http, UserManager<OrdoUser> users, UserSessions sessions, CancellationToken cancellationToken) =>
        (await ExecuteAsync(CallerAccess.Required(http), users, sessions, cancellationToken)).ToHttp(TypedResults.NoContent);
}
