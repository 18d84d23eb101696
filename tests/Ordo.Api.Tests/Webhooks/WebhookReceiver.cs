using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ordo.Api.Tests.Events;

namespace Ordo.Api.Tests.Webhooks;

/// <summary>A delivery as the receiver saw it.</summary>
public sealed record ReceivedWebhook(string Signature, string EventId, string EventType, string ContentType, string UserAgent, byte[] Body)
{
    public PublishedEvent Event => PublishedEvent.Parse(System.Text.Encoding.UTF8.GetString(Body));

    public int SignatureCount => Signature.Split(',').Count(part => part.StartsWith("v1=", StringComparison.Ordinal));

    public bool VerifiesWith(params string[] secrets) => OrdoWebhookVerifier.Verify(Signature, Body, secrets, DateTimeOffset.UtcNow);
}

/// <summary>How the receiver answers one delivery.</summary>
public abstract record ReceiverAnswer
{
    public static ReceiverAnswer Status(int status) => new StatusAnswer(status);

    public static ReceiverAnswer Hang(TimeSpan duration) => new HangAnswer(duration);

    public static ReceiverAnswer Huge(int bytes) => new HugeAnswer(bytes);
}

public sealed record StatusAnswer(int Code) : ReceiverAnswer;

public sealed record HangAnswer(TimeSpan Duration) : ReceiverAnswer;

public sealed record HugeAnswer(int Bytes) : ReceiverAnswer;

/// <summary>One URL of the receiver: what it got, and the answers it gives next (then 200).</summary>
public sealed class ReceiverEndpoint(string url)
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    public string Url { get; } = url;

    public ConcurrentQueue<ReceiverAnswer> Script { get; } = new();

    /// <summary>Given when the script is empty.</summary>
    public ReceiverAnswer Default { get; set; } = ReceiverAnswer.Status(200);

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    internal ReceiverAnswer Next(ReceivedWebhook received)
    {
        _received.Enqueue(received);
        return Script.TryDequeue(out var answer) ? answer : Default;
    }
}

/// <summary>
/// A webhook receiver on Kestrel, 127.0.0.1 and a free port: each <see cref="Endpoint"/> is a path of its own that
/// records every delivery (headers and raw body) and answers as scripted.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ReceiverEndpoint> _endpoints = new();
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{name}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()).Port;
        return receiver;
    }

    /// <summary>A fresh path, at <c>http://127.0.0.1:port/hooks/name</c> (or another host name for the same port).</summary>
    public ReceiverEndpoint Endpoint(string host = "127.0.0.1")
    {
        var name = Guid.NewGuid().ToString("N");
        return _endpoints[name] = new ReceiverEndpoint($"http://{host}:{Port}/hooks/{name}");
    }

    private async Task ReceiveAsync(string name, HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        if (!_endpoints.TryGetValue(name, out var endpoint))
        {
            http.Response.StatusCode = 404;
            return;
        }

        var headers = http.Request.Headers;
        var answer = endpoint.Next(new ReceivedWebhook(
            headers["Ordo-Signature"].ToString(), headers["Ordo-Event-Id"].ToString(), headers["Ordo-Event-Type"].ToString(),
            headers.ContentType.ToString(), headers.UserAgent.ToString(), body.ToArray()));
        switch (answer)
        {
            case HangAnswer hang:
                try
                {
                    await Task.Delay(hang.Duration, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                break;
            case HugeAnswer huge:
                http.Response.StatusCode = 200;
                var chunk = new byte[64 * 1024];
                try
                {
                    for (var sent = 0; sent < huge.Bytes; sent += chunk.Length)
                    {
                        await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    // The sender stopped reading: expected.
                }

                return;
            case StatusAnswer status:
                http.Response.StatusCode = status.Code;
                if (status.Code is >= 300 and < 400)
                {
                    http.Response.Headers.Location = "http://127.0.0.1:1/elsewhere";
                }

                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
