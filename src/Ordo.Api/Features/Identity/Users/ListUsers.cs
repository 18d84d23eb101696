using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Features.Identity.Users;

public static class ListUsers
{
    private static readonly string[] Kinds = [UserResponse.Staff, UserResponse.Customer];
    private static readonly string[] Booleans = ["true", "false"];

    public static RouteHandlerBuilder MapListUsers(this IEndpointRouteBuilder users) =>
        users.MapGet("/", HandleAsync)
            .WithName("ListUsers")
            .WithSummary("List users")
            .WithDescription(
                "Cursor-paginated, oldest first. Filters: `email` (exact, ignoring case; customer accounts only for holders of `customers.pii`), `role` (holds the role), `disabled` (`true`/`false`), " +
                "`kind` (`staff`/`customer`). Emails are stored encrypted and found through a keyed hash of the whole address, " +
                "so there is no substring search on email.")
            .ListsPages(
                new("email", "Exact email (ignoring case); no partial matches.", Example: "ada@example.com"),
                new("role", "Role name.", Example: "support"),
                new("disabled", "true or false.", Example: "false", Enum: Booleans),
                new("kind", "staff or customer.", Example: "staff", Enum: Kinds))
            .RequirePermission(Permissions.UsersRead);

    /// <summary>
    /// The use case: up to <see cref="UserFilter.Limit"/> + 1 users after <see cref="UserFilter.After"/> (oldest first)
    /// as <paramref name="caller"/> sees them; the extra one tells that more follow.
    /// </summary>
    public static async Task<IReadOnlyList<UserResponse>> ExecuteAsync(
        UserFilter filter, CallerAccess caller, OrdoDbContext db, UserManager<OrdoUser> userManager, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(userManager);
        var users = db.Users.AsNoTracking();
        if (filter.Email is { } email)
        {
            // The converter turns the parameter into the same keyed hash the column holds.
            var normalized = userManager.NormalizeEmail(email);
            users = users.Where(u => u.NormalizedEmail == normalized);
            if (!AccessRules.CanFindByContactDetails(caller))
            {
                // A customer account's address is the customer's contact detail: no confirming whose it is.
                users = users.Where(u => u.CustomerId == null);
            }
        }

        if (filter.Role is { } role)
        {
            var normalizedRole = role.ToUpperInvariant();
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id
                && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalizedRole)));
        }

        if (filter.Disabled is { } isDisabled)
        {
            users = users.Where(u => u.IsDisabled == isDisabled);
        }

        if (filter.Kind is { } kind)
        {
            users = kind == UserResponse.Staff ? users.Where(u => u.CustomerId == null) : users.Where(u => u.CustomerId != null);
        }

        if (filter.After is { } cursorId)
        {
            users = users.Where(u => u.Id.CompareTo(cursorId) > 0);
        }

        var rows = await users.OrderBy(u => u.Id).Take(filter.Limit + 1).ToListAsync(cancellationToken);
        var roles = await UserResponse.RolesOfAsync(db, [.. rows.Select(u => u.Id)], cancellationToken);
        var now = time.GetUtcNow();
        return [.. rows.Select(u => UserResponse.From(u, roles.GetValueOrDefault(u.Id) ?? [], now, caller))];
    }

    /// <summary>The REST adapter: reads the filters and the cursor from the query, answers a page with its links.</summary>
    public static async Task<Results<Ok<Page<UserResponse>>, ProblemHttpResult>> HandleAsync(
        OrdoDbContext db, UserManager<OrdoUser> userManager, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, "users", "email", "role", "disabled", "kind");
        var email = query.Text("email");
        var role = query.Text("role");
        var disabled = query.Text("disabled");
        var kind = query.Text("kind");
        query.Errors.Check(disabled is null || Booleans.Contains(disabled), "disabled", "'disabled' must be true or false.");
        query.Errors.Check(kind is null || Kinds.Contains(kind), "kind", "'kind' must be staff or customer.");
        var afterId = query.CursorId();
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        var filter = new UserFilter(email, role, disabled is null ? null : disabled == "true", kind, afterId, query.Limit);
        var data = await ExecuteAsync(filter, CallerAccess.Required(http), db, userManager, time, cancellationToken);
        return TypedResults.Ok(Paging.Respond(http, data, query.Limit, u => [u.Id.ToString()], query.Scope));
    }
}

/// <summary>Which users to list (every filter optional) and where the page starts.</summary>
/// <param name="Email">Exact address, ignoring case; customer accounts only for callers who may find customers by contact details.</param>
/// <param name="Kind"><see cref="UserResponse.Staff"/> or <see cref="UserResponse.Customer"/>.</param>
/// <param name="After">The id of the last user of the previous page.</param>
public sealed record UserFilter(string? Email, string? Role, bool? Disabled, string? Kind, Guid? After, int Limit);
