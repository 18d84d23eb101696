using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>
    /// The use case: the role and its grants are gone; the change is logged. <paramref name="ifMatch"/> is null when the
    /// caller sent no precondition.
    /// </summary>
    public static async Task<Result> ExecuteAsync(Guid id, string? ifMatch, Administrator administrator, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (role is null)
        {
            return HttpErrors.NotFoundWithId("role");
        }

        if (!string.IsNullOrEmpty(ifMatch) && RoleETags.CheckIfMatch(ifMatch, role) is { } precondition)
        {
            return precondition;
        }

        if (role.IsBuiltIn)
        {
            return RoleRules.IsAdmin(role) ? RoleRules.AdminIsFixed() : RoleRules.BuiltIn($"'{role.Name}' is a built-in role and can't be deleted.");
        }

        var granted = await db.RoleClaims.Where(c => c.RoleId == id && c.ClaimType == OrdoRole.PermissionClaimType).Select(c => c.ClaimValue!).ToListAsync(cancellationToken);
        if (AccessGuards.RoleOutranksCaller(administrator.Caller, granted) is { } outranked)
        {
            return outranked;
        }

        var holders = await db.UserRoles.CountAsync(ur => ur.RoleId == id, cancellationToken);
        if (holders > 0)
        {
            return RoleErrors.RoleInUse.Error($"{holders} user(s) still hold this role; unassign it first.")
                with
            { Details = new Dictionary<string, object?> { ["users"] = holders } };
        }

        db.RoleClaims.RemoveRange(db.RoleClaims.Where(c => c.RoleId == id));
        db.Roles.Remove(role);
        await db.SaveChangesAsync(cancellationToken);
        await administrator.InvalidateNowAndAfterCommitAsync(profiles => profiles.InvalidateAllAsync());
        await AdministrationLog.RoleDeletedAsync(administrator, role.Id, role.Name!);
        return Result.Success();
    }

    /// <summary>The REST adapter.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ifMatch = http.Request.Headers.IfMatch.Count > 0 ? http.Request.Headers.IfMatch.ToString() : null;
        return (await ExecuteAsync(id, ifMatch, Administrator.Of(http), db, cancellationToken)).ToHttp(TypedResults.NoContent);
    }
}
