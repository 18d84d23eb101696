using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Features.Customers;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Users;

/// <summary>
/// A user as administrators see them. Deliberately without password hash, security stamp, authenticator key or
/// recovery codes: only whether MFA is on.
/// </summary>
/// <param name="Kind"><c>staff</c> or <c>customer</c> (linked to <paramref name="CustomerId"/>).</param>
public sealed record UserResponse(
    Guid Id,
    string? Email,
    [property: ClosedSet("UserKind", typeof(UserResponse), nameof(UserResponse.Kinds))] string Kind,
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

    public static readonly IReadOnlyList<string> Kinds = [Staff, Customer];

    /// <summary>
    /// A customer account's email is the customer's contact address: masked, as on the customer record, for callers
    /// who may not see it (<see cref="AccessRules.SeesPersonalData"/>).
    /// </summary>
    public static UserResponse From(OrdoUser user, IReadOnlyList<string> roles, DateTimeOffset now, CallerAccess caller)
    {
        ArgumentNullException.ThrowIfNull(user);
        var email = user.Email is { } address && user.CustomerId is { } customerId && !AccessRules.SeesPersonalData(caller, customerId)
            ? CustomerResponse.MaskEmail(address)
            : user.Email;
        return new UserResponse(
            user.Id,
            email,
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

    /// <summary>The user as <paramref name="caller"/> sees them, with their roles.</summary>
    public static async Task<UserResponse> LoadAsync(
        OrdoDbContext db, OrdoUser user, DateTimeOffset now, CallerAccess caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var roles = await RolesOfAsync(db, [user.Id], cancellationToken);
        return From(user, roles.GetValueOrDefault(user.Id) ?? [], now, caller);
    }

    /// <summary>
    /// Null unless the caller sent If-Match and the user no longer looks as it says (then 412). A user's ETag is a hash
    /// of the representation the caller reads (<see cref="ETags.ForContent{T}(JsonSerializerOptions, T)"/>): it
    /// changes with their roles and when their lockout ends.
    /// </summary>
    public static async Task<DomainError?> CheckIfMatchAsync(
        string? ifMatch, OrdoDbContext db, OrdoUser user, DateTimeOffset now, CallerAccess caller, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ifMatch))
        {
            return null;
        }

        var current = await LoadAsync(db, user, now, caller, cancellationToken);
        return ETags.CheckIfMatch(ifMatch, ETags.ForContent(json, current), required: false);
    }

    /// <summary>200 with the user and the ETag of exactly this representation.</summary>
    public static async Task<Ok<UserResponse>> OkAsync(
        HttpContext http, OrdoDbContext db, OrdoUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = await LoadAsync(db, user, now, CallerAccess.Required(http), cancellationToken);
        http.Response.Headers.ETag = ETags.ForContent(http, response);
        return TypedResults.Ok(response);
    }
}
