using System.Net;
using Ordo.Api.Features.Audit;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Audit;

/// <summary>Reads the audit trail through the API, as an auditor would.</summary>
internal static class AuditTestSupport
{
    public static async Task<IReadOnlyList<AuditEntryResponse>> EntriesAsync(this HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/v1/audit?{query}", TestContext.Current.CancellationToken);
        return (await response.ReadAsync<Page<AuditEntryResponse>>(HttpStatusCode.OK)).Data;
    }

    public static async Task<AuditEntryResponse> SingleEntryAsync(this HttpClient client, string action, string resourceType, string resourceId)
    {
        var entries = await client.EntriesAsync($"action={action}&resourceType={resourceType}&resourceId={resourceId}");
        return Assert.Single(entries);
    }

    public static async Task<AuditVerificationResponse> VerificationAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/audit/verification", TestContext.Current.CancellationToken);
        return await response.ReadAsync<AuditVerificationResponse>(HttpStatusCode.OK);
    }
}
