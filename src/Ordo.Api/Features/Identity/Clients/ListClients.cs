using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;
using Ordo.Persistence;

namespace Ordo.Api.Features.Identity.Clients;

public static class ListClients
{
    public static RouteHandlerBuilder MapListClients(this IEndpointRouteBuilder clients) =>
        clients.MapGet("/", HandleAsync)
            .WithName("ListClients")
            .WithSummary("List API clients")
            .WithDescription("Cursor-paginated by client id, including the built-in `ordo-admin` panel client. Secrets are never shown.")
            .ListsPages()
            .RequirePermission(Permissions.ClientsManage);

    /// <summary>The read other transports call: up to <paramref name="limit"/> + 1 clients after <paramref name="after"/>, by client id.</summary>
    public static async Task<List<ClientResponse>> PageAsync(
        string? after, int limit, OrdoDbContext db, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applications);
        var rows = db.Set<OpenIddictEntityFrameworkCoreApplication<Guid>>().AsNoTracking();
        if (after is not null)
        {
#pragma warning disable CA1309 // translated to SQL '>' on the column, in the same order as the ORDER BY below
            rows = rows.Where(a => string.Compare(a.ClientId, after) > 0);
#pragma warning restore CA1309
        }

        var page = await rows.OrderBy(a => a.ClientId).Take(limit + 1).ToListAsync(cancellationToken);
        var data = new List<ClientResponse>(page.Count);
        foreach (var application in page)
        {
            data.Add(await ClientResponse.FromAsync(applications, application, cancellationToken));
        }

        return data;
    }

    /// <summary>A single handler (a plain read, <see cref="PageAsync"/>): the page with its links.</summary>
    public static async Task<Results<Ok<Page<ClientResponse>>, ProblemHttpResult>> HandleAsync(
        OrdoDbContext db, IOpenIddictApplicationManager applications, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new ListQuery(http.Request, "clients");
        var after = query.CursorKeys(1, keys => keys[0].Length > 0)?[0];
        if (query.HasErrors)
        {
            return query.Errors.ToProblem();
        }

        var data = await PageAsync(after, query.Limit, db, applications, cancellationToken);
        return TypedResults.Ok(Paging.Respond(http, data, query.Limit, c => [c.ClientId], query.Scope));
    }
}
