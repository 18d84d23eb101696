using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Users;

public sealed record SetUserRolesRequest([property: MaxLength(RequestLimits.MaxRoles), ListItems(RequestLimits.MaxNameLength)] IReadOnlyList<string> Roles);

/// <summary>
/// <c>PUT /users/{id}/roles</c>: the complete set of roles. Removing any role ends all of the user's sessions (their
/// refresh tokens and current access tokens stop working), because a token obtained under wider rights should not
/// outlive them; adding roles only refreshes the cached permissions.
/// </summary>
public static class SetUserRoles
{
    public static RouteHandlerBuilder MapSetUserRoles(this IEndpointRouteBuilder users) =>
        users.MapPut("/{id:guid}/roles", HandleAsync)
            .WithName("SetUserRoles")
            .SendsETag()
            .WithSummary("Set a user's roles")
            .WithDescription(
                "Replaces the user's roles. Unknown roles, roles granting permissions you don't hold, staff-only permissions for a " +
                "customer's account (`customer_account`), or leaving nobody able to manage users or roles answer 422. Removing a role revokes all of the user's sessions.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.UsersManage);

    /// <summary>The use case: the user holding exactly the requested roles; the change is logged.</summary>
    public static async Task<Result<OrdoUser>> ExecuteAsync(
        Guid id,
        SetUserRolesRequest request,
        Administrator administrator,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        UserSessions sessions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(administrator);
        var found = await AccessGuards.ManageableUserAsync(id, userManager, db, administrator.Caller, cancellationToken);
        if (found.IsFailure)
        {
            return found;
        }

        var user = found.Value;
        var current = await userManager.GetRolesAsync(user);
        var wanted = await AssignableRoles.ResolveAsync(db, request.Roles, current, administrator.Caller, cancellationToken);
        if (wanted.IsFailure)
        {
            return wanted.Error;
        }

        if (user.CustomerId is not null
            && AccessGuards.StaffOnlyForCustomers(await AssignableRoles.GrantsOfAsync(db, wanted.Value, cancellationToken), "This is a customer's account") is { } staffOnly)
        {
            return staffOnly;
        }

        var removed = current.Except(wanted.Value, StringComparer.Ordinal).ToList();
        var added = wanted.Value.Except(current, StringComparer.Ordinal).ToList();
        if (removed.Count > 0)
        {
            AccessGuards.EnsureSaved(await userManager.RemoveFromRolesAsync(user, removed));
        }

        if (added.Count > 0)
        {
            AccessGuards.EnsureSaved(await userManager.AddToRolesAsync(user, added));
        }

        if (removed.Count > 0 && await AccessGuards.KeepsAdministratorsAsync(db, cancellationToken) is { } lastAdministrator)
        {
            return lastAdministrator;
        }

        if (removed.Count > 0)
        {
            await sessions.RevokeAllAsync(user, cancellationToken);
        }

        await administrator.InvalidateNowAndAfterCommitAsync(profiles => profiles.InvalidateAsync(user.Id));
        if (added.Count + removed.Count > 0)
        {
            await AdministrationLog.UserRolesChangedAsync(administrator, user.Id, added, removed);
        }

        return user;
    }

    /// <summary>The REST adapter: the user with its new ETag.</summary>
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> HandleAsync(
        Guid id,
        SetUserRolesRequest request,
        OrdoDbContext db,
        UserManager<OrdoUser> userManager,
        UserSessions sessions,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var changed = await ExecuteAsync(id, request, Administrator.Of(http), db, userManager, sessions, cancellationToken);
        return changed.IsSuccess ? await UserResponse.OkAsync(http, db, changed.Value, time.GetUtcNow(), cancellationToken) : changed.Error.ToProblem();
    }
}

/// <summary>Role names from a request, checked against the roles that exist and against the caller's own permissions.</summary>
internal static class AssignableRoles
{
    /// <summary>
    /// The roles' names as stored, or the refusal. Only roles the user doesn't hold yet (<paramref name="held"/>) count
    /// as granting something.
    /// </summary>
    public static async Task<Result<IReadOnlyList<string>>> ResolveAsync(
        OrdoDbContext db, IReadOnlyList<string> requested, IEnumerable<string> held, CallerAccess caller, CancellationToken cancellationToken)
    {
        if (requested.Any(string.IsNullOrWhiteSpace) || requested.Count > RequestLimits.MaxRoles)
        {
            return new RequestErrors().Add("$.roles", $"Give at most {RequestLimits.MaxRoles} roles, each a non-empty string.").ToError();
        }

        var names = requested.Select(name => name.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var normalized = names.Select(name => name.ToUpperInvariant()).ToList();
        var roles = await db.Roles.AsNoTracking()
            .Where(role => normalized.Contains(role.NormalizedName!))
            .Select(role => new { role.Id, role.Name, role.NormalizedName })
            .ToListAsync(cancellationToken);
        var unknown = names.Where(name => roles.All(role => !string.Equals(role.NormalizedName, name, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            return UserErrors.UnknownRoles.Error($"Unknown roles: {string.Join(", ", unknown)}.")
                with
            { Details = new Dictionary<string, object?> { ["roles"] = unknown } };
        }

        var roleIds = roles.Where(role => !held.Contains(role.Name, StringComparer.Ordinal)).Select(role => role.Id).ToList();
        var granted = await db.RoleClaims.AsNoTracking()
            .Where(claim => roleIds.Contains(claim.RoleId) && claim.ClaimType == OrdoRole.PermissionClaimType)
            .Select(claim => claim.ClaimValue!)
            .ToListAsync(cancellationToken);
        return AccessGuards.Escalation(caller, granted) is { } escalation
            ? escalation
            : Result.Success<IReadOnlyList<string>>([.. roles.Select(role => role.Name!)]);
    }

    /// <summary>The permissions granted by <paramref name="roleNames"/>.</summary>
    public static async Task<List<string>> GrantsOfAsync(OrdoDbContext db, IReadOnlyList<string> roleNames, CancellationToken cancellationToken)
    {
        var normalized = roleNames.Select(name => name.ToUpperInvariant()).ToList();
        return await (from role in db.Roles
                      join claim in db.RoleClaims on role.Id equals claim.RoleId
                      where normalized.Contains(role.NormalizedName!) && claim.ClaimType == OrdoRole.PermissionClaimType
                      select claim.ClaimValue!)
            .Distinct()
            .ToListAsync(cancellationToken);
    }
}
