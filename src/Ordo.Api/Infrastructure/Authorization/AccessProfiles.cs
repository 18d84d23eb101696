using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using Ordo.Api.Infrastructure.SharedState;
using Ordo.Persistence;
using Ordo.Persistence.Identity;
using ZiggyCreatures.Caching.Fusion;


namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>
/// A user's current standing: whether they may act at all, who they are, and what their roles grant. The permissions
/// are a <see cref="HashSet{T}"/> because the shared cache level stores the profile as JSON, which cannot rebuild an
/// interface; nothing changes it once loaded.
/// </summary>
public sealed record UserAccessProfile(Guid UserId, bool IsDisabled, Guid? CustomerId, HashSet<string> Permissions, int SessionVersion);

/// <summary>
/// Per-user authorization decisions and per-token revocation status, cached; every change of grants, roles, status,
/// sessions or tokens invalidates them (role edits and revocations invalidate all). With Redis the invalidation
/// reaches every instance through the cache's backplane within moments; without it, or while Redis is down, other
/// instances converge within <see cref="Lifetime"/>.
/// </summary>
public sealed class AccessProfiles(IFusionCache cache, CacheEvictions evictions, IServiceScopeFactory scopes)
{
    public static readonly TimeSpan Lifetime = SharedStateRegistration.MaxEntryLifetime;

    /// <summary>Every entry here carries it, so that one call drops them all, on every instance.</summary>
    private static readonly string[] Tags = ["access"];

    public async Task<UserAccessProfile?> GetUserAsync(Guid userId, CancellationToken cancellationToken) =>
        await cache.GetOrSetAsync<UserAccessProfile?>(
            UserKey(userId), (context, token) => evictions.LoadAsync(context, () => LoadUserAsync(userId, token)), tags: Tags, token: cancellationToken);

    private async Task<UserAccessProfile?> LoadUserAsync(Guid userId, CancellationToken cancellationToken)
    {
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

        return profile;
    }

    /// <summary>Whether the integration client still exists (revoking a client deletes it).</summary>
    public async Task<bool> ClientExistsAsync(string clientId, CancellationToken cancellationToken) =>
        await cache.GetOrSetAsync<bool>($"client:{clientId}", (context, token) => evictions.LoadAsync(context, async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            return await applications.FindByClientIdAsync(clientId, token) is not null;
        }), tags: Tags, token: cancellationToken);

    /// <summary>
    /// Whether the token server's entry for an access token is still valid (not revoked, nor its authorization):
    /// RFC 7009 revocation, a revoked session or a reused refresh token's family end the access token too. A token
    /// without an entry (deleted) is not active.
    /// </summary>
    public async Task<bool> IsTokenActiveAsync(string tokenId, CancellationToken cancellationToken) =>
        Guid.TryParse(tokenId, out var id)
        && await cache.GetOrSetAsync<bool>($"token:{id}", (context, token) => evictions.LoadAsync(context, async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrdoDbContext>();
            var entry = await db.Set<OpenIddictEntityFrameworkCoreToken<Guid>>().AsNoTracking()
                .Where(t => t.Id == id)
                .Select(t => new { t.Status, AuthorizationStatus = t.Authorization == null ? null : t.Authorization.Status })
                .SingleOrDefaultAsync(token);
            return entry is not null
                && entry.Status == OpenIddictConstants.Statuses.Valid
                && (entry.AuthorizationStatus is null || entry.AuthorizationStatus == OpenIddictConstants.Statuses.Valid);
        }), tags: Tags, token: cancellationToken);

    public static IQueryable<string> PermissionsOf(OrdoDbContext db, Guid userId) =>
        (from userRole in db.UserRoles
         join claim in db.RoleClaims on userRole.RoleId equals claim.RoleId
         where userRole.UserId == userId && claim.ClaimType == OrdoRole.PermissionClaimType
         select claim.ClaimValue!).Distinct();

    /// <summary>Call after changing one user's roles, status or sessions.</summary>
    public async ValueTask InvalidateAsync(Guid userId)
    {
        evictions.Note();
        await cache.RemoveAsync(UserKey(userId));
    }

    /// <summary>
    /// Call after changing a role's grants, removing a client or revoking tokens or authorizations: every cached
    /// decision is dropped.
    /// </summary>
    public async ValueTask InvalidateAllAsync()
    {
        evictions.Note();
        await cache.RemoveByTagAsync(Tags[0]);
    }

    private static string UserKey(Guid userId) => $"user:{userId}";
}
