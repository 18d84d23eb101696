using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ordo.Api.Features.Webhooks;

/// <summary>The result of one POST: the receiver's status, or why there was none, and how long it took.</summary>
public sealed record WebhookSendResult(int? StatusCode, string? Failure, int LatencyMs);

/// <summary>
/// Sends one signed delivery through the named client <see cref="ClientName"/>: redirects are not followed, the
/// connection goes only to addresses <see cref="WebhookAddressPolicy"/> allows, no proxy is used (it would connect
/// elsewhere), the whole attempt is bounded by <see cref="WebhookOptions.Timeout"/> and at most
/// <see cref="WebhookOptions.MaxResponseBytes"/> of the response body is read.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "ordo-webhooks";
    public const string EventIdHeader = "Ordo-Event-Id";
    public const string EventTypeHeader = "Ordo-Event-Type";
    public static readonly string UserAgent = "Ordo-Webhooks/1.0 (+https://github.com/ordo)";

    public static void Register(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client =>
            {
                client.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // the sender bounds each attempt itself
                client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                MaxResponseHeadersLength = 64,
                ConnectCallback = provider.GetRequiredService<WebhookAddressPolicy>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            // The default logging writes request URLs, whose query may hold a receiver's token.
            .RemoveAllLoggers();
    }

    public async Task<WebhookSendResult> SendAsync(
        string url, Guid eventId, string eventType, string body, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Checked again at every send: a subscription made while plain HTTP was allowed stops when it no longer is.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var target)
            || !(target.Scheme == Uri.UriSchemeHttps || (settings.AllowHttp && target.Scheme == Uri.UriSchemeHttp)))
        {
            return new WebhookSendResult(null, WebhookFailures.RefusedByPolicy, 0);
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(EventIdHeader, eventId.ToString());
        request.Headers.Add(EventTypeHeader, eventType);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.HeaderValue(time.GetUtcNow().ToUnixTimeSeconds(), bytes, secrets));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        var started = time.GetTimestamp();
        int Elapsed() => (int)Math.Min(int.MaxValue, time.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            await ReadCappedAsync(response, settings.MaxResponseBytes, timeout.Token);
            return new WebhookSendResult(status, status is >= 300 and < 400 ? WebhookFailures.Redirect : null, Elapsed());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookSendResult(null, WebhookFailures.Timeout, Elapsed());
        }
        catch (HttpRequestException ex) when (Refused(ex))
        {
            return new WebhookSendResult(null, WebhookFailures.RefusedByPolicy, Elapsed());
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or IOException)
        {
            return new WebhookSendResult(null, WebhookFailures.Connection, Elapsed());
        }
    }

    /// <summary>Reads and drops up to <paramref name="cap"/> bytes; a longer body is cut off when the response is disposed.</summary>
    private static async Task ReadCappedAsync(HttpResponseMessage response, int cap, CancellationToken cancellationToken)
    {
        if (cap == 0)
        {
            return;
        }

        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[Math.Min(cap, 16 * 1024)];
            var total = 0;
            int read;
            while (total < cap && (read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, cap - total)), cancellationToken)) > 0)
            {
                total += read;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The status line decided the outcome; a body that breaks off changes nothing.
        }
    }

    private static bool Refused(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookTargetRefusedException)
            {
                return true;
            }
        }

        return false;
    }

    internal static string Describe(WebhookSendResult result) =>
        result.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? result.Failure ?? "unknown";
}
