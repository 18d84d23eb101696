using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;
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

    /// <summary>The use case: the caller's own account, roles in ordinal order.</summary>
    public static async Task<Result<AccountResponse>> ExecuteAsync(CallerAccess caller, UserManager<OrdoUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var found = await AccountCaller.UserAsync(caller, users);
        if (found.IsFailure)
        {
            return found.Error;
        }

        var user = found.Value;
        var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        return new AccountResponse(user.Id, user.Email!, user.EmailConfirmed, roles, user.TwoFactorEnabled, user.CustomerId);
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> HandleAsync(HttpContext http, UserManager<OrdoUser> users) =>
        (await ExecuteAsync(CallerAccess.Required(http), users)).ToHttp(account => TypedResults.Ok(account));
}
