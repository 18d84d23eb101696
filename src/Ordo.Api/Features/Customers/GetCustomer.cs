using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
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
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ETags.Read(
            http,
            "customer",
            await ExecuteAsync(id, CallerAccess.Required(http), db, cancellationToken),
            found => found.Version,
            found => CustomerResponse.For(found.Customer, http));
}
