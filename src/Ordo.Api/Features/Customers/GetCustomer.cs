using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Domain.Customers;
using Ordo.Persistence;

namespace Ordo.Api.Features.Customers;

/// <summary>A customer with the version its ETag comes from.</summary>
public sealed record VersionedCustomer(Customer Customer, long Version);

public static class GetCustomer
{
    public static RouteHandlerBuilder MapGetCustomer(this IEndpointRouteBuilder customers) =>
        customers.MapGet("/{id:guid}", HandleAsync)
            .WithName("GetCustomer")
            .SendsETag()
            .RequirePermission(Permissions.CustomersRead)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a customer")
            .WithDescription("Returns the customer with a strong `ETag`; `If-None-Match` with the current ETag answers 304.");

    /// <summary>The use case: the customer, or null when there is none with this id or the caller may not see them.</summary>
    public static async Task<VersionedCustomer?> ExecuteAsync(Guid id, CallerAccess caller, OrdoDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!AccessRules.CanAccess(caller, id))
        {
            return null;
        }

        return await db.Customers.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new VersionedCustomer(c, EF.Property<long>(c, Versioning.Property)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The REST adapter: the customer as the caller may see them, with its ETag, or 304 or 404.</summary>
    public static async Task<Results<Ok<CustomerResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        var caller = CallerAccess.Required(http);
        var found = await ExecuteAsync(id, caller, db, cancellationToken);
        var answer = ETags.Read(http, "customer", found, f => f.Version, f => CustomerResponse.For(f.Customer, http));
        if (answer.Result is Ok<CustomerResponse> { Value.ContactDetailsMasked: false })
        {
            await CustomerAccessTracking.RecordReadAsync(audit, caller, [id], cancellationToken);
        }

        return answer;
    }
}

/// <summary>
/// Access tracking: a read that shows a customer's contact details in clear to someone other than that customer is
/// recorded in the audit trail (before the answer goes out, so a failed write fails the read).
/// </summary>
internal static class CustomerAccessTracking
{
    public static Task RecordReadAsync(AuditTrail audit, CallerAccess caller, IReadOnlyList<Guid> shown, CancellationToken cancellationToken)
    {
        var others = shown.Where(id => !(caller.Kind == CallerKind.Customer && caller.CustomerId == id)).ToList();
        if (others.Count == 0)
        {
            return Task.CompletedTask;
        }

        return others.Count == 1 && shown.Count == 1
            ? audit.RecordAsync(AuditActions.CustomerContactDetailsRead, AuditResources.Customer, others[0].ToString(), cancellationToken: cancellationToken)
            : audit.RecordAsync(
                AuditActions.CustomerListRead, AuditResources.Customer, null,
                AuditChanges.Create().Value("customerIds", others.Select(id => id.ToString()).ToList()), cancellationToken: cancellationToken);
    }
}
