using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ordo.Admin.Api;

/// <summary>Webhook subscriptions and their deliveries. Creating one and rotating its secret refuse <c>Idempotency-Key</c>.</summary>
public sealed partial class OrdoApi
{

    public Task<ApiResult<Page<Webhook>>> ListWebhooksAsync(string? cursor) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Auth.Query.Append("api/v1/webhooks", [new("limit", "100"), new("cursor", cursor)])), AdminJson.Default.PageWebhook);

    public Task<ApiResult<Webhook>> GetWebhookAsync(Guid id) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/webhooks/{id}"), AdminJson.Default.Webhook);

    public Task<ApiResult<CreatedWebhook>> CreateWebhookAsync(CreateWebhookRequest request) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/v1/webhooks") { Content = JsonContent.Create(request, AdminJson.Default.CreateWebhookRequest) },
            AdminJson.Default.CreatedWebhook);

    public Task<ApiResult<Webhook>> PatchWebhookAsync(Guid id, string etag, WebhookPatch patch) =>
        ChangeAsync(
            HttpMethod.Patch, $"api/v1/webhooks/{id}", etag,
            () => new StringContent(JsonSerializer.Serialize(patch, AdminJson.Default.WebhookPatch), MergePatch),
            AdminJson.Default.Webhook);

    public Task<ApiResult<NoContent>> DeleteWebhookAsync(Guid id, string? etag) =>
        ChangeAsync(HttpMethod.Delete, $"api/v1/webhooks/{id}", etag, () => null, AdminJson.Default.NoContent);

    public Task<ApiResult<WebhookSecret>> RotateWebhookSecretAsync(Guid id, string? etag) =>
        SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/webhooks/{id}/secret-rotations");
                if (etag is not null)
                {
                    request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
                }

                return request;
            },
            AdminJson.Default.WebhookSecret);

    public Task<ApiResult<Page<WebhookDelivery>>> ListWebhookDeliveriesAsync(Guid id, string? cursor) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, Auth.Query.Append($"api/v1/webhooks/{id}/deliveries", [new("limit", "25"), new("cursor", cursor)])),
            AdminJson.Default.PageWebhookDelivery);

    public Task<ApiResult<WebhookDelivery>> RedeliverAsync(Guid id, Guid deliveryId) =>
        ChangeAsync(HttpMethod.Post, $"api/v1/webhooks/{id}/deliveries/{deliveryId}/redelivery", null, () => null, AdminJson.Default.WebhookDelivery);
}
