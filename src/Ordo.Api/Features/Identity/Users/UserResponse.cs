using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Features.Customers;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
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

    public static async Task<UserResponse> LoadAsync(
        HttpContext http, OrdoDbContext db, OrdoUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var roles = await RolesOfAsync(db, [user.Id], cancellationToken);
        return From(user, roles.GetValueOrDefault(user.Id) ?? [], now, CallerAccess.Required(http));
    }

    /// <summary>Null unless the caller sent If-Match and the user no longer looks as it says (then 412).</summary>
    public static async Task<ProblemHttpResult?> CheckIfMatchAsync(
        HttpContext http, OrdoDbContext db, OrdoUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.Headers.IfMatch.Count == 0)
        {
            return null;
        }

        var current = await LoadAsync(http, db, user, now, cancellationToken);
        return ETags.CheckIfMatch(http.Request, ETags.ForContent(http, current), required: false);
    }

    /// <summary>200 with the user and the ETag of exactly this representation.</summary>
    public static async Task<Ok<UserResponse>> OkAsync(
        HttpContext http, OrdoDbContext db, OrdoUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var response = await LoadAsync(http, db, user, now, cancellationToken);
        http.Response.Headers.ETag = ETags.ForContent(http, response);
        return TypedResults.Ok(response);
    }
}
