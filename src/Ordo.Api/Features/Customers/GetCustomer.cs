using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Customers;

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

    public static async Task<Results<Ok<CustomerResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, OrdoDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var row = await db.Customers.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new { Customer = c, Version = EF.Property<long>(c, Versioning.Property) })
            .SingleOrDefaultAsync(cancellationToken);
        var visible = row is not null && AccessRules.CanAccess(CallerAccess.Required(http), id) ? row : null;
        return ETags.Read(http, "customer", visible, found => found.Version, found => CustomerResponse.For(found.Customer, http));
    }
}
