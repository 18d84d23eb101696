using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ordo.Admin.Auth;

namespace Ordo.Admin.Api;

/// <summary>
/// The API as the panel uses it: every call carries the in-memory access token (refreshed shortly before it runs
/// out, and once more after a 401); every change carries an <c>Idempotency-Key</c> (one per change until it succeeds)
/// and the <c>If-Match</c> of the version the user saw.
/// Each area's calls live in a file of their own (<c>OrdoApi.&lt;Area&gt;.cs</c>) on top of <see cref="SendAsync"/> and
/// <see cref="ChangeAsync"/>.
/// </summary>
public sealed partial class OrdoApi(HttpClient http, TokenSession session, SignInFlow signIn, TimeProvider? time = null)
{
    /// <summary>How long after an attempt without success sending the same change again counts as retrying it.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromMinutes(2);

    private static readonly JsonSerializerOptions ProblemJson = AdminJson.Default.Options;

    /// <summary>RFC 7396: the body lists only what changes; null removes.</summary>
    private static readonly MediaTypeHeaderValue MergePatch = new("application/merge-patch+json");

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The last change sent, when it did not succeed (see <see cref="ChangeAsync"/>).</summary>
    private UnsucceededChange? _lastUnsucceeded;

    public Task<ApiResult<Account>> GetAccountAsync() =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/account"), AdminJson.Default.Account);

    public Task<ApiResult<Page<OrderSummary>>> ListOrdersAsync(OrderFilter filter, string? cursor)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var url = Query.Append("api/v1/orders", [
            new("status", filter.Status),
            new("q", string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim()),
            new("sort", filter.Sort),
            new("limit", filter.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("cursor", cursor)]);
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), AdminJson.Default.PageOrderSummary);
    }

    public Task<ApiResult<Order>> GetOrderAsync(Guid id) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/orders/{id}"), AdminJson.Default.Order);

    public Task<ApiResult<Page<OrderEvent>>> ListOrderEventsAsync(Guid id) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/orders/{id}/events?limit=200"), AdminJson.Default.PageOrderEvent);

    public Task<ApiResult<Order>> PayAsync(Guid id, string etag, PayRequest request) =>
        ChangeAsync($"api/v1/orders/{id}/payment", etag, () => JsonContent.Create(request, AdminJson.Default.PayRequest));

    public Task<ApiResult<Order>> CancelAsync(Guid id, string etag) =>
        ChangeAsync($"api/v1/orders/{id}/cancel", etag, () => null);

    public Task<ApiResult<Order>> RefundAsync(Guid id, string etag, RefundRequest request) =>
        ChangeAsync($"api/v1/orders/{id}/refunds", etag, () => JsonContent.Create(request, AdminJson.Default.RefundRequest));

    public Task<ApiResult<Order>> ShipAsync(Guid id, string etag, ShipRequest request) =>
        ChangeAsync($"api/v1/orders/{id}/shipments", etag, () => JsonContent.Create(request, AdminJson.Default.ShipRequest));

    public Task<ApiResult<Order>> DeliverAsync(Guid id, Guid shipmentId, string etag) =>
        ChangeAsync($"api/v1/orders/{id}/shipments/{shipmentId}/deliver", etag, () => null);

    private Task<ApiResult<Order>> ChangeAsync(string url, string etag, Func<HttpContent?> body) =>
        ChangeAsync(HttpMethod.Post, url, etag, body, AdminJson.Default.Order);

    /// <summary>
    /// A change, with the <c>If-Match</c> of the version the user saw (<paramref name="etag"/>; null for a creation) and
    /// an <c>Idempotency-Key</c>. A retry keeps the key: when the last change sent did not succeed (no answer, a server
    /// error, a refusal) and the very same change (method, address, If-Match, body) follows it within
    /// <see cref="RetryWindow"/>, it carries the same key, so if the first attempt did go through and only its answer was
    /// lost, the API replays that answer instead of acting twice. Anything else is a new change with a new key: the same
    /// change sent again after another one, later, or after it succeeded is meant to happen again.
    /// </summary>
    private async Task<ApiResult<T>> ChangeAsync<T>(HttpMethod method, string url, string? etag, Func<HttpContent?> body, JsonTypeInfo<T> type)
    {
        using var content = body();
        var bytes = content is null ? null : await content.ReadAsByteArrayAsync();
        // A digest, not the body: a refused user creation must not keep its password in memory.
        var digest = Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes($"{method} {url} {etag}\n"), .. bytes ?? []]));
        var sentAt = _time.GetUtcNow();
        var idempotencyKey = _lastUnsucceeded is { } last && last.Digest == digest && sentAt - last.SentAt < RetryWindow
            ? last.Key
            : Guid.NewGuid().ToString();
        _lastUnsucceeded = null;

        var result = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, url);
                if (bytes is not null)
                {
                    request.Content = new ByteArrayContent(bytes);
                    request.Content.Headers.ContentType = content!.Headers.ContentType;
                }

                request.Headers.Add("Idempotency-Key", idempotencyKey);
                if (etag is not null)
                {
                    request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
                }

                return request;
            },
            type);
        if (!result.Succeeded)
        {
            _lastUnsucceeded = new UnsucceededChange(digest, idempotencyKey, sentAt);
        }

        return result;
    }

    private sealed record UnsucceededChange(string Digest, string Key, DateTimeOffset SentAt);

    private async Task<ApiResult<T>> SendAsync<T>(Func<HttpRequestMessage> build, JsonTypeInfo<T> type)
    {
        try
        {
            if (session.NeedsRefresh)
            {
                await signIn.RefreshAsync();
            }

            using var response = await SendWithTokenAsync(build);
            if (response.StatusCode == HttpStatusCode.Unauthorized && await signIn.RefreshAsync())
            {
                using var retried = await SendWithTokenAsync(build);
                return await ReadAsync(retried, type);
            }

            return await ReadAsync(response, type);
        }
        catch (HttpRequestException exception)
        {
            return Failed<T>(Problem.Unreachable(0, exception.Message));
        }
    }

    private static ApiResult<T> Failed<T>(Problem problem) => new(default, problem);

    private async Task<HttpResponseMessage> SendWithTokenAsync(Func<HttpRequestMessage> build)
    {
        using var request = build();
        if (session.AccessToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }

    private static async Task<ApiResult<T>> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type)
    {
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return new ApiResult<T>(default, null, response.Headers.ETag?.ToString());
        }

        if (response.IsSuccessStatusCode)
        {
            var value = await response.Content.ReadFromJsonAsync(type);
            return new ApiResult<T>(value, null, response.Headers.ETag?.ToString());
        }

        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            var problem = await response.Content.ReadFromJsonAsync<Problem>(ProblemJson);
            if (problem is not null)
            {
                return Failed<T>(problem);
            }
        }

        return Failed<T>(Problem.Unreachable((int)response.StatusCode, $"Ordo answered {(int)response.StatusCode} {response.ReasonPhrase}."));
    }
}

/// <summary>The order list's filters as the panel offers them.</summary>
public sealed record OrderFilter(string? Status = null, string? Search = null, string Sort = "-createdAt", int PageSize = 25);
