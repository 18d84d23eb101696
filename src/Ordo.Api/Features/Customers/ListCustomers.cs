using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Customers;
using Ordo.Persistence;

namespace Ordo.Api.Features.Customers;

public static class ListCustomers
{
    public static RouteHandlerBuilder MapListCustomers(this IEndpointRouteBuilder customers) =>
        customers.MapGet("/", HandleAsync)
            .WithName("ListCustomers")
            .RequirePermission(Permissions.CustomersRead)
            .WithSummary("List customers")
            .WithDescription("Cursor-paginated, oldest first. Filters: `q` (name contains, ignoring case), `email` (exact, ignoring case). Follow `nextCursor` or the `Link` header.")
            .ListsPages(
                new("q", "Name contains (ignoring case).", Example: "ada"),
                new("email", "Exact email (ignoring case).", Example: "ada@example.com"));

    public static async Task<Results<Ok<Page<CustomerResponse>>, ProblemHttpResult>> HandleAsync(
        OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, "customers", "q", "email");
        var text = query.SearchText("q");
        var emailText = query.Text("email");
        var afterId = query.CursorId();
        Email? email = null;
        if (emailText is not null)
        {
            var parsed = Email.Create(emailText);
            if (parsed.IsFailure)
            {
                query.Errors.Add("email", parsed.Error.Message);
            }
            else
            {
                email = parsed.Value;
            }
        }

        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        if (email is not null && ContactDetailsSearch.RefusalFor(CallerAccess.Required(http)) is { } refused)
        {
            return refused;
        }

        var customers = (email is null ? db.Customers : db.CustomersWithEmail(email)).AsNoTracking();
        if (text is not null)
        {
            // Names are stored in clear so that they stay searchable (lower() LIKE in SQL); contact details are not.
#pragma warning disable CA1862, CA1304, CA1311 // translated to SQL lower(), which no .NET culture or comparison reaches
            customers = customers.Where(c => c.Name.ToLower().Contains(text));
#pragma warning restore CA1862, CA1304, CA1311
        }

        if (AccessRules.ListScope(CallerAccess.Required(http)) is { } owner)
        {
            customers = customers.Where(c => c.Id == owner);
        }

        if (afterId is { } cursorId)
        {
            customers = customers.Where(c => c.Id.CompareTo(cursorId) > 0);
        }

        var rows = await customers.OrderBy(c => c.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(Paging.Respond(
            http, rows.Select(c => CustomerResponse.For(c, http)).ToList(), query.Limit, c => [c.Id.ToString()], query.Scope));
    }
}
