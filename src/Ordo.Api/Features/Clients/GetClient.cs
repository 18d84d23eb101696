using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using Ordo.Api.Infrastructure.Http;
using Ordo.Api.Infrastructure.Identity;

namespace Ordo.Api.Features.Clients;

public static class GetClient
{
    public static RouteHandlerBuilder MapGetClient(this IEndpointRouteBuilder clients) =>
        clients.MapGet("/{clientId}", HandleAsync)
            .WithName("GetClient")
            .WithSummary("Get an API client")
            .WithDescription("The client's name, type and scopes; never its secret.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequirePermission(Permissions.ClientsManage);

    public static async Task<Results<Ok<ClientResponse>, ProblemHttpResult>> HandleAsync(
        string clientId, IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        return application is null
            ? DomainProblems.NotFound("client")
            : TypedResults.Ok(await ClientResponse.FromAsync(applications, application, cancellationToken));
    }
}
