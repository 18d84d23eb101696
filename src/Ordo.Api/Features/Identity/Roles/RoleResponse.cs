using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Roles;

/// <param name="BuiltIn">Seeded roles: name fixed, never deleted; grants editable, except that <c>admin</c> always grants the whole catalogue.</param>
/// <param name="Users">How many users hold the role.</param>
public sealed record RoleResponse(
    Guid Id,
    string Name,
    string? Description,
    bool BuiltIn,
    [property: ClosedSet("Permission", typeof(Infrastructure.Authorization.Permissions), nameof(Infrastructure.Authorization.Permissions.Catalogue))] IReadOnlyList<string> Permissions,
    int Users)
{
    public static async Task<List<RoleResponse>> LoadAsync(OrdoDbContext db, IReadOnlyList<OrdoRole> roles, CancellationToken cancellationToken)
    {
        var ids = roles.Select(role => role.Id).ToList();
        var grants = await db.RoleClaims.AsNoTracking()
            .Where(claim => ids.Contains(claim.RoleId) && claim.ClaimType == OrdoRole.PermissionClaimType)
            .Select(claim => new { claim.RoleId, claim.ClaimValue })
            .ToListAsync(cancellationToken);
        var holders = await db.UserRoles.AsNoTracking()
            .Where(userRole => ids.Contains(userRole.RoleId))
            .GroupBy(userRole => userRole.RoleId)
            .Select(group => new { RoleId = group.Key, Count = group.Count() })
            .ToListAsync(cancellationToken);
        return
        [
            .. roles.Select(role => new RoleResponse(
                role.Id,
                role.Name!,
                role.Description,
                role.IsBuiltIn,
                // A grant of a permission this release no longer has (left by an earlier one) grants nothing, and is
                // not shown, as for clients' scopes: the list is always from the catalogue, which a PUT accepts back.
                [.. grants.Where(g => g.RoleId == role.Id).Select(g => g.ClaimValue!).Where(Infrastructure.Authorization.Permissions.Exists).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                holders.SingleOrDefault(h => h.RoleId == role.Id)?.Count ?? 0)),
        ];
    }
}

/// <summary>
/// A role's ETag is its Identity concurrency stamp: a new one is written on every change (name, description or
/// grants), and EF Core checks it on save, so a stale If-Match can't slip through between the check and the write.
/// </summary>
internal static class RoleETags
{
    public static string For(OrdoRole role) => ETags.ForStamp(role.ConcurrencyStamp!);

    public static void Set(HttpContext http, OrdoRole role) => http.Response.Headers.ETag = For(role);

    public static bool IfNoneMatchHits(HttpRequest request, OrdoRole role) => ETags.IfNoneMatchHits(request, For(role));

    /// <summary>Null when <paramref name="ifMatch"/> (the request's If-Match value, required) names the role as it is now.</summary>
    public static DomainError? CheckIfMatch(string? ifMatch, OrdoRole role) => ETags.CheckIfMatch(ifMatch, For(role), required: true);
}
