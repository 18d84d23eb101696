using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>A user's current standing: whether they may act at all, who they are, and what their roles grant.</summary>
public sealed record UserAccessProfile(Guid UserId, bool IsDisabled, Guid? CustomerId, IReadOnlySet<string> Permissions, int SessionVersion);

/// <summary>
/// Per-user authorization decisions and per-token revocation status cached in memory; every change of grants, roles,
/// status, sessions or tokens invalidates them at once on this instance (role edits and revocations invalidate all).
/// Other instances converge within <see cref="Lifetime"/>.
/// </summary>
public sealed class AccessProfiles(IMemoryCache cache, IServiceScopeFactory scopes)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private long _generation;

    public async Task<UserAccessProfile?> GetUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var key = ("user", Interlocked.Read(ref _generation), userId);
        if (cache.TryGetValue(key, out UserAccessProfile? cached))
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.IsDisabled, u.CustomerId, u.SessionVersion })
            .SingleOrDefaultAsync(cancellationToken);
        UserAccessProfile? profile = null;
        if (user is not null)
        {
            var permissions = await PermissionsOf(db, userId).ToListAsync(cancellationToken);
            if (user.CustomerId is not null)
            {
                // The API refuses such grants; an installation may still hold some from before it did.
                permissions.RemoveAll(Permissions.IsStaffOnly);
            }

            profile = new UserAccessProfile(userId, user.IsDisabled, user.CustomerId, permissions.ToHashSet(StringComparer.Ordinal), user.SessionVersion);
        }

        cache.Set(key, profile, Lifetime);
        return profile;
    }

    /// <summary>Whether the integration client still exists (revoking a client deletes it).</summary>
    public async Task<bool> ClientExistsAsync(string clientId, CancellationToken cancellationToken)
    {
        var key = ("client", Interlocked.Read(ref _generation), clientId);
        if (cache.TryGetValue(key, out bool exists))
        {
            return exists;
        }

        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        exists = await applications.FindByClientIdAsync(clientId, cancellationToken) is not null;
        cache.Set(key, exists, Lifetime);
        return exists;
    }

    /// <summary>
    /// Whether the token server's entry for an access token is still valid (not revoked, nor its authorization):
    /// RFC 7009 revocation, a revoked session or a reused refresh token's family end the access token too. A token
    /// without an entry (deleted) is not active.
    /// </summary>
    public async Task<bool> IsTokenActiveAsync(string tokenId, CancellationToken cancellationToken)
    {
        var key = ("token", Interlocked.Read(ref _generation), tokenId);
        if (cache.TryGetValue(key, out bool active))
        {
            return active;
        }

        active = false;
        if (Guid.TryParse(tokenId, out var id))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            var entry = await db.Set<OpenIddictEntityFrameworkCoreToken<Guid>>().AsNoTracking()
                .Where(t => t.Id == id)
                .Select(t => new { t.Status, AuthorizationStatus = t.Authorization == null ? null : t.Authorization.Status })
                .SingleOrDefaultAsync(cancellationToken);
            active = entry is not null
                && entry.Status == OpenIddictConstants.Statuses.Valid
                && (entry.AuthorizationStatus is null || entry.AuthorizationStatus == OpenIddictConstants.Statuses.Valid);
        }

        cache.Set(key, active, Lifetime);
        return active;
    }

    public static IQueryable<string> PermissionsOf(OrdoDbContext db, Guid userId) =>
        (from userRole in db.UserRoles
         join claim in db.RoleClaims on userRole.RoleId equals claim.RoleId
         where userRole.UserId == userId && claim.ClaimType == OrdoRole.PermissionClaimType
         select claim.ClaimValue!).Distinct();

    /// <summary>Call after changing one user's roles, status or sessions.</summary>
    public void Invalidate(Guid userId)
    {
        cache.Remove(("user", Interlocked.Read(ref _generation), userId));
    }

    /// <summary>
    /// Call after changing a role's grants, removing a client or revoking tokens or authorizations: every cached
    /// decision is dropped.
    /// </summary>
    public void InvalidateAll() => Interlocked.Increment(ref _generation);
}
