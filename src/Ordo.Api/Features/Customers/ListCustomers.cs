using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Common;
using Ordo.Domain.Customers;
using Ordo.Persistence;

namespace Ordo.Api.Features.Customers;

/// <summary>Which customers a list shows: each filter is optional; <see cref="After"/> is the cursor's last id.</summary>
/// <param name="Text">Name contains (ignoring case, lower-cased by the caller).</param>
public sealed record CustomerFilter(string? Text, Email? Email, Guid? After, int Limit);

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

    /// <summary>
    /// The use case: the customers the filter selects that the caller may see, oldest first, up to one more than its
    /// limit (that one says a next page exists). Finding a customer by email needs <c>customers.pii</c>.
    /// </summary>
    public static async Task<Result<IReadOnlyList<Customer>>> ExecuteAsync(
        CustomerFilter filter, CallerAccess caller, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(db);
        if (filter.Email is not null && ContactDetailsSearch.Refusal(caller) is { } refused)
        {
            return refused;
        }

        var customers = (filter.Email is { } email ? db.CustomersWithEmail(email) : db.Customers).AsNoTracking();
        if (filter.Text is { } text)
        {
            // Names are stored in clear so that they stay searchable (lower() LIKE in SQL); contact details are not.
#pragma warning disable CA1862, CA1304, CA1311 // translated to SQL lower(), which no .NET culture or comparison reaches
            customers = customers.Where(c => c.Name.ToLower().Contains(text));
#pragma warning restore CA1862, CA1304, CA1311
        }

        if (AccessRules.ListScope(caller) is { } owner)
        {
            customers = customers.Where(c => c.Id == owner);
        }

        if (filter.After is { } cursorId)
        {
            customers = customers.Where(c => c.Id.CompareTo(cursorId) > 0);
        }

        return Result.Success<IReadOnlyList<Customer>>(await customers.OrderBy(c => c.Id).Take(filter.Limit + 1).ToListAsync(cancellationToken));
    }

    /// <summary>The REST adapter: reads the filter from the query string and answers a page with its links.</summary>
    public static async Task<Results<Ok<Page<CustomerResponse>>, ProblemHttpResult>> HandleAsync(
        OrdoDbContext db, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
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

        var caller = CallerAccess.Required(http);
        var found = await ExecuteAsync(new CustomerFilter(text, email, afterId, query.Limit), caller, db, cancellationToken);
        if (found.IsSuccess)
        {
            var shown = found.Value.Take(query.Limit).Where(c => AccessRules.SeesPersonalData(caller, c.Id)).Select(c => c.Id).ToList();
            await CustomerAccessTracking.RecordReadAsync(audit, caller, shown, cancellationToken);
        }

        return found.ToHttp(rows => TypedResults.Ok(Paging.Respond(
            http, rows.Select(c => CustomerResponse.For(c, http)).ToList(), query.Limit, c => [c.Id.ToString()], query.Scope)));
    }
}
