using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Account;

/// <param name="Permissions">What the user's roles let them do now, in ordinal order: for a client to decide what to offer (the admin panel hides what would be refused); the API still checks every call.</param>
public sealed record AccountResponse(Guid Id, string Email, bool EmailConfirmed, IReadOnlyList<string> Roles, bool MfaEnabled, Guid? CustomerId, IReadOnlyList<string> Permissions);

public static class GetAccount
{
    public static RouteHandlerBuilder MapGetAccount(this IEndpointRouteBuilder account) =>
        account.MapGet("/", HandleAsync)
            .RequireAuthorization()
            .WithName("GetAccount")
            .WithSummary("Get your own account")
            .WithDescription("The signed-in user's email, roles, the permissions those roles grant now, whether two-step verification is on, and their customer id (customers only).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>The use case: the caller's own user record and their roles, in ordinal order.</summary>
    public static async Task<Result<(OrdoUser User, IReadOnlyList<string> Roles)>> ExecuteAsync(CallerAccess caller, UserManager<OrdoUser> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var found = await AccountCaller.UserAsync(caller, users);
        if (found.IsFailure)
        {
            return found.Error;
        }

        IReadOnlyList<string> roles = [.. (await users.GetRolesAsync(found.Value)).Order(StringComparer.Ordinal)];
        return (found.Value, roles);
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> HandleAsync(HttpContext http, UserManager<OrdoUser> users)
    {
        var caller = CallerAccess.Required(http);
        return (await ExecuteAsync(caller, users)).ToHttp(account => TypedResults.Ok(new AccountResponse(
            account.User.Id, account.User.Email!, account.User.EmailConfirmed, account.Roles, account.User.TwoFactorEnabled, account.User.CustomerId,
            [.. caller.Permissions.Order(StringComparer.Ordinal)])));
    }
}
