using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
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

/// <param name="Name">Lower case letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, starting with a letter; unique.</param>
/// <param name="Permissions">Names from the permission catalogue (<c>GET /api/v1/permissions</c>).</param>
public sealed record RoleRequest(
    [property: RegularExpression(RoleRules.NamePattern), MaxLength(RequestLimits.MaxNameLength)] string Name,
    [property: MaxLength(RoleRules.MaxDescriptionLength)] string? Description,
    [property: MaxLength(RequestLimits.MaxPermissions), ListItems(RequestLimits.MaxNameLength), ClosedSet("Permission", typeof(Permissions), nameof(Permissions.Catalogue))]
    IReadOnlyList<string> Permissions);

public static class CreateRole
{
    public static RouteHandlerBuilder MapCreateRole(this IEndpointRouteBuilder roles) =>
        roles.MapPost("/", HandleAsync)
            .WithName("CreateRole")
            .SendsETag()
            .WithSummary("Create a role")
            .WithDescription("A named set of permissions. Unknown permissions, or permissions you don't hold yourself, answer 422; a taken name 409.")
            .ChangesState()
            .SerializesAdministrativeChanges()
            .RequirePermission(Permissions.RolesManage);

    /// <summary>The use case: the new role with its grants; the change is logged.</summary>
    public static async Task<Result<OrdoRole>> ExecuteAsync(
        RoleRequest request, Administrator administrator, OrdoDbContext db, RoleManager<OrdoRole> roleManager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(roleManager);
        if (RoleRules.Check(request, administrator.Caller) is { } invalid)
        {
            return invalid;
        }

        var name = request.Name.Trim();
        if (await RoleRules.NameTakenAsync(db, name, exceptId: null, cancellationToken))
        {
            return RoleRules.NameTaken();
        }

        var role = new OrdoRole { Id = Guid.CreateVersion7(), Name = name, Description = request.Description?.Trim() };
        AccessGuards.EnsureSaved(await roleManager.CreateAsync(role));
        foreach (var permission in RoleRules.Distinct(request.Permissions))
        {
            db.RoleClaims.Add(new IdentityRoleClaim<Guid> { RoleId = role.Id, ClaimType = OrdoRole.PermissionClaimType, ClaimValue = permission });
        }

        await db.SaveChangesAsync(cancellationToken);
        await AdministrationLog.RoleCreatedAsync(administrator, role.Id, role.Name!, RoleRules.Distinct(request.Permissions));
        return role;
    }

    /// <summary>The REST adapter: 201 with the role, its ETag and its Location.</summary>
    public static async Task<Results<Created<RoleResponse>, ProblemHttpResult>> HandleAsync(
        RoleRequest request, OrdoDbContext db, RoleManager<OrdoRole> roleManager, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await ExecuteAsync(request, Administrator.Of(http), db, roleManager, cancellationToken);
        if (created.IsFailure)
        {
            return created.Error.ToProblem();
        }

        RoleETags.Set(http, created.Value);
        return TypedResults.Created($"/api/v1/roles/{created.Value.Id}", (await RoleResponse.LoadAsync(db, [created.Value], cancellationToken))[0]);
    }
}

internal static partial class RoleRules
{
    public const int MaxDescriptionLength = 500;
    public const string NamePattern = "^[a-z][a-z0-9._-]{0,63}$";

    public static IReadOnlyList<string> Distinct(IEnumerable<string> permissions) =>
        [.. permissions.Select(p => p.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The request's shape (400), then its permissions: unknown ones and ones the caller lacks (422).</summary>
    public static DomainError? Check(RoleRequest request, CallerAccess caller, IReadOnlyCollection<string>? alreadyGranted = null)
    {
        var errors = new RequestErrors()
            .Check(RoleName().IsMatch(request.Name.Trim()), "$.name", "Use 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter.")
            .Check((request.Description?.Length ?? 0) <= MaxDescriptionLength, "$.description", $"At most {MaxDescriptionLength} characters.")
            .Check(request.Permissions.All(p => !string.IsNullOrWhiteSpace(p)), "$.permissions", "Each permission must be a non-empty string.")
            .Check(request.Permissions.Count <= RequestLimits.MaxPermissions, "$.permissions", $"At most {RequestLimits.MaxPermissions} permissions.");
        if (errors.Any)
        {
            return errors.ToError();
        }

        var permissions = Distinct(request.Permissions);
        return AccessGuards.UnknownPermissions(permissions)
            ?? AccessGuards.Escalation(caller, permissions.Except(alreadyGranted ?? [], StringComparer.Ordinal));
    }

    public static Task<bool> NameTakenAsync(OrdoDbContext db, string name, Guid? exceptId, CancellationToken cancellationToken)
    {
        var normalized = name.ToUpperInvariant();
        return db.Roles.AnyAsync(r => r.NormalizedName == normalized && r.Id != exceptId, cancellationToken);
    }

    public static DomainError NameTaken() => RoleErrors.RoleNameTaken.Error("A role with this name already exists.");

    public static DomainError BuiltIn(string detail) => RoleErrors.BuiltInRole.Error(detail);

    /// <summary>
    /// The built-in <c>admin</c> role grants exactly the permission catalogue (kept so at start-up by
    /// <see cref="IdentityBootstrap"/>) and nobody edits or deletes it: whoever holds it outranks everyone.
    /// </summary>
    public static bool IsAdmin(OrdoRole role) => role.IsBuiltIn && role.Name == BuiltInRoles.Admin;

    /// <summary>
    /// Whether customers' accounts hold the role: the built-in <c>customer</c> role (every registration receives it),
    /// or any role a customer's account holds now. A new role is held by nobody yet.
    /// </summary>
    public static async Task<bool> HeldByCustomersAsync(OrdoDbContext db, OrdoRole role, CancellationToken cancellationToken) =>
        (role.IsBuiltIn && role.Name == BuiltInRoles.Customer)
        || await db.UserRoles.AnyAsync(
            userRole => userRole.RoleId == role.Id && db.Users.Any(user => user.Id == userRole.UserId && user.CustomerId != null),
            cancellationToken);

    public static DomainError AdminIsFixed() =>
        BuiltIn($"'{BuiltInRoles.Admin}' always grants every permission; it can't be edited or deleted. Create a custom role for a narrower set.");

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex RoleName();
}
