using Ordo.Api.Http;

namespace Ordo.Api.Features.Reports;

/// <summary>Figures about the shop as a whole, aggregated in the database.</summary>
public static class ReportEndpoints
{
    public static IServiceCollection AddOrdoReports(this IServiceCollection services) =>
        services.AddJsonTypes(ReportsJsonContext.Default);

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGetSummary();
        return api;
    }
}
