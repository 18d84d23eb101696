using System.Net.Http.Json;

namespace Ordo.Admin.Api;

/// <summary>Integration clients. Creating one and rotating its secret refuse <c>Idempotency-Key</c> (a replay would have to store the secret).</summary>
public sealed partial class OrdoApi
{
    public Task<ApiResult<Page<Client>>> ListClientsAsync(string? cursor) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Auth.Query.Append("api/v1/clients", [new("limit", "100"), new("cursor", cursor)])), AdminJson.Default.PageClient);

    public Task<ApiResult<ClientWithSecret>> CreateClientAsync(CreateClientRequest request) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/v1/clients") { Content = JsonContent.Create(request, AdminJson.Default.CreateClientRequest) },
            AdminJson.Default.ClientWithSecret);

    public Task<ApiResult<ClientWithSecret>> RotateClientSecretAsync(string clientId) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/v1/clients/{Uri.EscapeDataString(clientId)}/secret"), AdminJson.Default.ClientWithSecret);

    public Task<ApiResult<NoContent>> DeleteClientAsync(string clientId) =>
        ChangeAsync(HttpMethod.Delete, $"api/v1/clients/{Uri.EscapeDataString(clientId)}", null, () => null, AdminJson.Default.NoContent);
}
