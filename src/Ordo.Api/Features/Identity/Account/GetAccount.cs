using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

public sealed record AccountResponse(Guid Id, string Email, bool EmailConfirmed, IReadOnlyList<string> Roles, bool MfaEnabled, Guid? CustomerId);

public static class GetAccount
{
    public static RouteHandlerBuilder MapGetAccount(this IEndpointRouteBuilder account) =>
        account.MapGet("/", HandleAsync)
            .RequireAuthorization()
            .WithName("GetAccount")
            .WithSummary("Get your own account")
            .WithDescription("The signed-in user's email, roles, whether two-step verification is on, and their customer id (customers only).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    public static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> HandleAsync(HttpContext http, UserManager<OrdoUser> users)
    {
        var user = await AccountCaller.UserAsync(http, users);
        if (user is null)
        {
            return AccountProblems.NotAUser();
        }

        var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new AccountResponse(user.Id, user.Email!, user.EmailConfirmed, roles, user.TwoFactorEnabled, user.CustomerId));
    }
}
