using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Features.Identity.Administration;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Roles;

/// <summary>
/// Only unused custom roles can be deleted. A role still held answers 409 rather than silently unassigning it:
/// taking rights away from people should be a visible step (<c>PUT /users/{id}/roles</c>, which also ends their sessions).
/// </summary>
public static class DeleteRole
{
    public static RouteHandlerBuilder MapDeleteRole(this IEndpointRouteBuilder roles) =>
        roles.MapDelete("/{id:guid}", HandleAsync)
            .WithName("DeleteRole")
            .TakesIfMatch(IfMatch.Optional)
            .WithSummary("Delete a role")
            .WithDescription(
                "Built-in roles can't be deleted (422); a role granting permissions you don't hold answers 403 `target_outranks_caller`; " +
                "a role still assigned to users answers 409 `role_in_use` (unassign it first). `If-Match` is honoured when sent.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ChangesState()
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.RolesManage);

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return DomainProblems.NotFound("role");
        }

        if (http.Request.Headers.IfMatch.Count > 0 && RoleETags.CheckIfMatch(http.Request, role) is { } precondition)
        {
            return precondition;
        }

        if (role.IsBuiltIn)
        {
            return RoleRules.IsAdmin(role) ? RoleRules.AdminIsFixed() : RoleRules.BuiltIn($"'{role.Name}' is a built-in role and can't be deleted.");
        }

        var granted = await db.RoleClaims.Where(c => c.RoleId == id && c.ClaimType == OrdoRole.PermissionClaimType).Select(c => c.ClaimValue!).ToListAsync(cancellationToken);
        if (AccessGuards.RoleOutranksCaller(http, granted) is { } outranked)
        {
            return outranked;
        }

        var holders = await db.UserRoles.CountAsync(ur => ur.RoleId == id, cancellationToken);
        if (holders > 0)
        {
            return DomainProblems.Problem(
                RoleErrors.RoleInUse,
                $"{holders} user(s) still hold this role; unassign it first.",
                new Dictionary<string, object?> { ["users"] = holders });
        }

        db.RoleClaims.RemoveRange(db.RoleClaims.Where(c => c.RoleId == id));
        db.Roles.Remove(role);
        await db.SaveChangesAsync(cancellationToken);
        await AccessGuards.InvalidateNowAndAfterCommitAsync(http, profiles => profiles.InvalidateAllAsync());
        AdministrationLog.RoleDeleted(http, role.Id, role.Name!);
        return TypedResults.NoContent();
    }
}
