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

        var caller = CallerAccess.Required(http);
        var users = db.Users.AsNoTracking();
        if (email is not null)
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

        if (role is not null)
        {
            var normalizedRole = role.ToUpperInvariant();
            users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id
                && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalizedRole)));
        }

        if (disabled is not null)
        {
            var isDisabled = disabled == "true";
            users = users.Where(u => u.IsDisabled == isDisabled);
        }

        if (kind is not null)
        {
            users = kind == UserResponse.Staff ? users.Where(u => u.CustomerId == null) : users.Where(u => u.CustomerId != null);
        }

        if (afterId is { } cursorId)
        {
            users = users.Where(u => u.Id.CompareTo(cursorId) > 0);
        }

        var rows = await users.OrderBy(u => u.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
        var roles = await UserResponse.RolesOfAsync(db, [.. rows.Select(u => u.Id)], cancellationToken);
        var now = time.GetUtcNow();
        var data = rows.Select(u => UserResponse.From(u, roles.GetValueOrDefault(u.Id) ?? [], now, caller)).ToList();
        return TypedResults.Ok(Paging.Respond(http, data, query.Limit, u => [u.Id.ToString()], query.Scope));
    }
}
