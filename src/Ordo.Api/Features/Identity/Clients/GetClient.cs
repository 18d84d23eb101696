using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.OpenApi;

namespace Ordo.Api.Features.Identity.Clients;

public static class GetClient
{
    public static RouteHandlerBuilder MapGetClient(this IEndpointRouteBuilder clients) =>
        clients.MapGet("/{clientId}", HandleAsync)
            .WithName("GetClient")
            .WithSummary("Get an API client")
            .WithDescription("The client's name, type, scopes and, for public clients, redirect URIs, post-logout redirect URIs and allowed origins; never its secret.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .SendsETag()
            .RequirePermission(Permissions.ClientsManage);

    /// <summary>The read other transports call: the client, or null.</summary>
    public static async Task<ClientResponse?> FindAsync(string clientId, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applications);
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        return application is null ? null : await ClientResponse.FromAsync(applications, application, cancellationToken);
    }

    /// <summary>A single handler (a plain read, <see cref="FindAsync"/>): 404, or the client with its ETag, or 304.</summary>
    public static async Task<Results<Ok<ClientResponse>, StatusCodeHttpResult, ProblemHttpResult>> HandleAsync(
        [MaxLength(ClientResponse.MaxClientIdLength)] string clientId, IOpenIddictApplicationManager applications, HttpContext http, CancellationToken cancellationToken)
    {
        var response = await FindAsync(clientId, applications, cancellationToken);
        if (response is null)
        {
            return DomainProblems.NotFound("client");
        }

        return ETags.NotModified(http, response) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(response);
    }
}
