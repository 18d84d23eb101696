using Ordo.Api.Http;

namespace Ordo.Api.Features.Audit;

public static class AuditEndpoints
{
    public static IServiceCollection AddOrdoAuditTrail(this IServiceCollection services) =>
        services.AddJsonTypes(AuditJsonContext.Default);

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapListAuditEntries();
        audit.MapVerifyAuditChain();
        return api;
    }
}
