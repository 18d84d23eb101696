using Scalar.AspNetCore;

namespace Ordo.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddOrdoOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options => options.AddOrdoConventions().AddOrdoSecurity().AddRateLimitHeaders().AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Ordo API";
            document.Info.Version = "v1";
            document.Info.Description =
                "Order management: catalogue and stock, customers, orders with their payment, fulfilment and refunds. " +
                "Errors are RFC 9457 problem+json documents with a stable `type` and `code`.";
            // The server URL depends on where the service is reached; leaving it out keeps the checked-in document stable.
            document.Servers?.Clear();
            return Task.CompletedTask;
        }));

    /// <summary>
    /// The OpenAPI document and the interactive docs, public when <c>ApiDocs:Enabled</c> is true: by default in
    /// Development only, so a deployment does not publish its whole surface unless it chooses to.
    /// </summary>
    public static IEndpointRouteBuilder MapOrdoApiDocs(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        var environment = endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>();
        if (!configuration.GetValue("ApiDocs:Enabled", defaultValue: environment.IsDevelopment()))
        {
            return endpoints;
        }

        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        endpoints.MapScalarApiReference("/docs", options => options
            .WithTitle("Ordo API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        return endpoints;
    }
}
