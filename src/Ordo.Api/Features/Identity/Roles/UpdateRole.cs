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

namespace Ordo.Api.Features.Identity.Roles;

/// <summary>
/// PUT replaces the name, description and grants (all three are small, so a full replacement is clearer than a
/// patch). The caller must hold every permission the role grants now, not only the ones added: otherwise a role
/// manager could strip a more powerful role and then outrank its holders. Decisions change on the very next request
/// of every holder: cached permissions are dropped at once. Holders' sessions are not revoked: their tokens carry no
/// permissions, so nothing outlives the change.
/// </summary>
public static class UpdateRole
{
    public static RouteHandlerBuilder MapUpdateRole(this IEndpointRouteBuilder roles) =>
        roles.MapPut("/{id:guid}", HandleAsync)
            .WithName("UpdateRole")
            .SendsETag()
            .TakesIfMatch(IfMatch.Required)
            .WithSummary("Replace a role's name, description and permissions")
            .WithDescription(
                "Requires `If-Match` with the role's ETag (428 without it, 412 when stale). Built-in roles can't be renamed, and `admin` " +
                "(always every permission) can't be edited at all (422 `built_in_role`). A role granting permissions you don't hold answers " +
                "403 `target_outranks_caller`. Unknown permissions, newly granted permissions you don't hold, staff-only permissions in the " +
                "`customer` role or a role a customer's account holds (`customer_account`), or leaving nobody able to manage users or roles answer 422. " +
                "Takes effect on the next request of every holder.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ChangesState()
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.RolesManage);

    /// <summary>The use case: the role with its new name, description and grants; the change is logged.</summary>
    public static async Task<Result<OrdoRole>> ExecuteAsync(
        Guid id, string? ifMatch, RoleRequest request, Administrator administrator, OrdoDbContext db, RoleManager<OrdoRole> roleManager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(roleManager);
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return HttpErrors.NotFoundWithId("role");
        }

        if (RoleETags.CheckIfMatch(ifMatch, role) is { } precondition)
        {
            return precondition;
        }

        if (RoleRules.IsAdmin(role))
        {
            return RoleRules.AdminIsFixed();
        }

        var grants = await db.RoleClaims.Where(c => c.RoleId == id && c.ClaimType == OrdoRole.PermissionClaimType).ToListAsync(cancellationToken);
        var current = grants.Select(c => c.ClaimValue!).ToHashSet(StringComparer.Ordinal);
        if (AccessGuards.RoleOutranksCaller(administrator.Caller, current) is { } outranked)
        {
            return outranked;
        }

        if (RoleRules.Check(request, administrator.Caller, current) is { } invalid)
        {
            return invalid;
        }

        var wanted = RoleRules.Distinct(request.Permissions);
        if (await RoleRules.HeldByCustomersAsync(db, role, cancellationToken)
            && AccessGuards.StaffOnlyForCustomers(wanted, "Customers' accounts hold this role") is { } staffOnly)
        {
            return staffOnly;
        }

        var name = request.Name.Trim();
        if (name != role.Name)
        {
            if (role.IsBuiltIn)
            {
                return RoleRules.BuiltIn($"'{role.Name}' is a built-in role: its permissions can change, its name can't.");
            }

            if (await RoleRules.NameTakenAsync(db, name, role.Id, cancellationToken))
            {
                return RoleRules.NameTaken();
            }
        }

        db.RoleClaims.RemoveRange(grants.Where(c => !wanted.Contains(c.ClaimValue!, StringComparer.Ordinal)));
        foreach (var permission in wanted.Where(p => !current.Contains(p)))
        {
            db.RoleClaims.Add(new IdentityRoleClaim<Guid> { RoleId = role.Id, ClaimType = OrdoRole.PermissionClaimType, ClaimValue = permission });
        }

        role.Name = name;
        role.Description = request.Description?.Trim();
        // UpdateAsync normalizes the name, writes a new concurrency stamp and saves the grants with it; a concurrent
        // change of the role fails the save (412 through ChangesState).
        AccessGuards.EnsureSaved(await roleManager.UpdateAsync(role));
        if (await AccessGuards.KeepsAdministratorsAsync(db, cancellationToken) is { } lastAdministrator)
        {
            return lastAdministrator;
        }

        await administrator.InvalidateNowAndAfterCommitAsync(profiles => profiles.InvalidateAllAsync());
        await AdministrationLog.RoleUpdatedAsync(administrator, role.Id, role.Name!, current, wanted);
        return role;
    }

    /// <summary>The REST adapter: the role with its new ETag.</summary>
    public static async Task<Results<Ok<RoleResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, RoleRequest request, OrdoDbContext db, RoleManager<OrdoRole> roleManager, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var updated = await ExecuteAsync(id, http.Request.Headers.IfMatch.ToString(), request, Administrator.Of(http), db, roleManager, cancellationToken);
        if (updated.IsFailure)
        {
            return updated.Error.ToProblem();
        }

        RoleETags.Set(http, updated.Value);
        return TypedResults.Ok((await RoleResponse.LoadAsync(db, [updated.Value], cancellationToken))[0]);
    }
}
