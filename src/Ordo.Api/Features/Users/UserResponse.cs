using Microsoft.EntityFrameworkCore;
using Ordo.Api.Infrastructure.Http;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Users;

/// <summary>
/// A user as administrators see them. Deliberately without password hash, security stamp, authenticator key or
/// recovery codes: only whether MFA is on.
/// </summary>
/// <param name="Kind"><c>staff</c> or <c>customer</c> (linked to <paramref name="CustomerId"/>).</param>
public sealed record UserResponse(
    Guid Id,
    string? Email,
    string Kind,
    Guid? CustomerId,
    IReadOnlyList<string> Roles,
    bool Disabled,
    bool MfaEnabled,
    bool LockedOut,
    bool EmailConfirmed,
    DateTimeOffset CreatedAt)
{
    public const string Staff = "staff";
    public const string Customer = "customer";

    public static UserResponse From(OrdoUser user, IReadOnlyList<string> roles, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new UserResponse(
            user.Id,
            user.Email,
            user.CustomerId is null ? Staff : Customer,
            user.CustomerId,
            roles,
            user.IsDisabled,
            user.TwoFactorEnabled,
            user.LockoutEnd is { } end && end > now,
            user.EmailConfirmed,
            user.CreatedAt);
    }

    /// <summary>The role names of each of <paramref name="userIds"/>, in name order.</summary>
    public static async Task<Dictionary<Guid, List<string>>> RolesOfAsync(OrdoDbContext db, IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var pairs = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where userIds.Contains(userRole.UserId)
                           select new { userRole.UserId, role.Name })
            .ToListAsync(cancellationToken);
        return pairs.GroupBy(pair => pair.UserId)
            .ToDictionary(group => group.Key, group => group.Select(pair => pair.Name!).Order(StringComparer.Ordinal).ToList());
    }

    public static async Task<UserResponse> LoadAsync(OrdoDbContext db, OrdoUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var roles = await RolesOfAsync(db, [user.Id], cancellationToken);
        return From(user, roles.GetValueOrDefault(user.Id) ?? [], now);
    }
}

/// <summary>
/// A user's ETag is Identity's concurrency stamp: every write of the user row stores a new one (roles, status, second
/// factor, sessions, password, failed sign-ins), and Identity checks it on save, so a stale If-Match can't slip
/// through between the check and the write.
/// </summary>
internal static class UserETags
{
    public static string For(OrdoUser user) => ETags.ForStamp(user.ConcurrencyStamp!);

    public static void Set(HttpContext http, OrdoUser user) => http.Response.Headers.ETag = For(user);
}
