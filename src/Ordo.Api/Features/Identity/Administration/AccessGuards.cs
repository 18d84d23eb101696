using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Administration;

/// <summary>
/// The guard rails every administrative change passes: names must exist in the catalogue, nobody hands out
/// permissions they don't hold themselves, and the installation never loses its last user able to manage users or
/// roles. Checks that look at the database run after the change was saved inside the request's transaction, so a
/// refusal (a failed result) simply rolls it back (<see cref="Infrastructure.Idempotency.StateChange"/>).
/// </summary>
internal static class AccessGuards
{
    /// <summary>Permissions whose last (enabled, staff) holder must not lose them.</summary>
    public static readonly string[] Essential = [Permissions.UsersManage, Permissions.RolesManage];

    /// <summary>422 <c>unknown_permissions</c> (or <paramref name="code"/>) naming the names not in the catalogue.</summary>
    public static DomainError? UnknownPermissions(IEnumerable<string> names, ErrorCode? code = null, string what = "permissions")
    {
        var unknown = names.Where(name => !Permissions.Exists(name)).Distinct(StringComparer.Ordinal).ToList();
        return unknown.Count == 0
            ? null
            : (code ?? AdministrationErrors.UnknownPermissions).Error(
                $"Unknown {what}: {string.Join(", ", unknown)}. See the permission catalogue (GET /api/v1/permissions).")
                with
            { Details = new Dictionary<string, object?> { [what] = unknown } };
    }

    /// <summary>
    /// 422 <c>privilege_escalation</c> when the caller would hand out permissions they don't hold (a user manager
    /// could otherwise make themselves an administrator).
    /// </summary>
    public static DomainError? Escalation(CallerAccess caller, IEnumerable<string> granted)
    {
        var missing = Lacking(caller, granted);
        return missing.Count == 0
            ? null
            : AdministrationErrors.PrivilegeEscalation.Error($"You can't grant permissions you don't hold yourself: {string.Join(", ", missing)}.")
                with
            { Details = new Dictionary<string, object?> { ["permissions"] = missing } };
    }

    /// <summary>
    /// 422 <c>customer_account</c> naming the <see cref="Permissions.StaffOnly"/> ones among <paramref name="granted"/>:
    /// ownership rules narrow a customer only for the few permissions a customer's account may hold.
    /// </summary>
    public static DomainError? StaffOnlyForCustomers(IEnumerable<string> granted, string why)
    {
        var staffOnly = granted.Where(Permissions.IsStaffOnly).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return staffOnly.Count == 0
            ? null
            : AdministrationErrors.CustomerAccount.Error($"{why}, so it can't include staff-only permissions ({string.Join(", ", staffOnly)}).")
                with
            { Details = new Dictionary<string, object?> { ["permissions"] = staffOnly } };
    }

    /// <summary>
    /// 403 <c>target_outranks_caller</c> when the role grants permissions the caller doesn't hold: editing or deleting
    /// it needs all of them, so a role manager can't strip a role (the admin's, say) of what they lack themselves and
    /// then outrank its holders.
    /// </summary>
    public static DomainError? RoleOutranksCaller(CallerAccess caller, IEnumerable<string> granted)
    {
        var missing = Lacking(caller, granted);
        return missing.Count == 0
            ? null
            : AdministrationErrors.TargetOutranksCaller.Error(
                $"This role grants permissions you don't hold ({string.Join(", ", missing)}); only someone holding all of them can change or delete it.")
                with
            { Details = new Dictionary<string, object?> { ["permissions"] = missing } };
    }

    /// <summary>
    /// The user to change, or the refusal: 404 when there is none, 403 <c>target_outranks_caller</c> when they hold a
    /// permission the caller doesn't (a user manager must not disable, strip or reset the second factor of someone
    /// more powerful than themselves).
    /// </summary>
    public static async Task<Result<OrdoUser>> ManageableUserAsync(
        Guid id, UserManager<OrdoUser> userManager, OrdoDbContext db, CallerAccess caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userManager);
        ArgumentNullException.ThrowIfNull(caller);
        var user = await userManager.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return HttpErrors.NotFoundWithId("user");
        }

        var held = await AccessProfiles.PermissionsOf(db, user.Id).ToListAsync(cancellationToken);
        return held.All(caller.Has)
            ? user
            : AdministrationErrors.TargetOutranksCaller.Error("This user holds permissions you don't; only someone holding all of them can change this user.");
    }

    /// <summary>
    /// After the change is saved (same transaction): 422 <c>last_administrator</c> when no enabled staff user would
    /// still hold <see cref="Permissions.UsersManage"/> or <see cref="Permissions.RolesManage"/>.
    /// </summary>
    public static async Task<DomainError?> KeepsAdministratorsAsync(OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var permission in Essential)
        {
            var held = await db.Users.AnyAsync(
                user => !user.IsDisabled && user.CustomerId == null
                    && db.UserRoles.Any(userRole => userRole.UserId == user.Id
                        && db.RoleClaims.Any(claim => claim.RoleId == userRole.RoleId
                            && claim.ClaimType == OrdoRole.PermissionClaimType && claim.ClaimValue == permission)),
                cancellationToken);
            if (!held)
            {
                return AdministrationErrors.LastAdministrator.Error(
                    $"This change would leave nobody able to act with '{permission}'; give it to another enabled user first.")
                    with
                { Details = new Dictionary<string, object?> { ["permission"] = permission } };
            }
        }

        return null;
    }

    /// <summary>
    /// For the result of an Identity write (users, roles): a concurrency failure (the row changed since it was read)
    /// becomes <see cref="DbUpdateConcurrencyException"/>, which <c>ChangesState</c> answers with 412 when the request
    /// sent If-Match and 409 <c>concurrent_change</c> otherwise; any other failure is a bug.
    /// </summary>
    public static void EnsureSaved(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new DbUpdateConcurrencyException("The row changed while this request ran.");
        }

        throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Code)));
    }

    /// <summary>
    /// Endpoints whose response carries a secret refuse <c>Idempotency-Key</c>: a replay would need the secret stored
    /// in clear with the idempotency record.
    /// </summary>
    public static RouteHandlerBuilder RefusesIdempotencyKey(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new Infrastructure.Idempotency.IdempotencyKeyMetadata(Infrastructure.Idempotency.IdempotencyKeyUse.Refused)).AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Headers.ContainsKey(Infrastructure.Idempotency.StateChange.IdempotencyKeyHeader)
                ? DomainProblems.Problem(
                    HttpErrors.IdempotencyKeyNotSupported,
                    "This response contains a secret that is shown once and never stored, so it can't be replayed; send the request without Idempotency-Key.")
                : await next(context));

    private static List<string> Lacking(CallerAccess caller, IEnumerable<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return [.. permissions.Where(permission => !caller.Has(permission)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
