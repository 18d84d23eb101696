using System.Net;
using Ordo.Api.Features.Customers;
using Ordo.Api.Features.Webhooks;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Webhooks;

/// <summary>
/// Webhook delivery in quick motion, to the test receiver on loopback: loopback allowed and http accepted, polls every
/// 50 ms, retries after 100-200 ms, a one-second timeout, five attempts, and disabling after three failures in a row.
/// </summary>
public static class WebhookFixtureSetup
{
    public static Dictionary<string, string?> Settings(bool allowLoopback)
    {
        var settings = Quick();
        if (allowLoopback)
        {
            settings["Webhooks:AllowedNetworks:0"] = "127.0.0.0/8";
        }

        return settings;
    }

    private static Dictionary<string, string?> Quick() => new()
    {
        ["Webhooks:AllowHttp"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.050",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.100",
        ["Webhooks:MaxRetryDelay"] = "00:00:00.200",
        ["Webhooks:Timeout"] = "00:00:03", // short for the timeout test, long enough for a cold first connection on a loaded machine
        ["Webhooks:MaxAttempts"] = "5",
        ["Webhooks:DisableAfterConsecutiveFailures"] = "3",
        ["Outbox:PollInterval"] = "00:00:00.050",
    };
}

public interface IWebhookFixture
{
    WebhookReceiver Receiver { get; }
}

public class WebhookSqliteFixture : SqliteApiFixture, IWebhookFixture
{
    private WebhookReceiver? _receiver;

    public WebhookReceiver Receiver => _receiver!;

    protected override IReadOnlyDictionary<string, string?> Settings => WebhookFixtureSetup.Settings(allowLoopback: true);

    public override async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public class WebhookPostgresFixture : PostgresApiFixture, IWebhookFixture
{
    private WebhookReceiver? _receiver;

    public WebhookReceiver Receiver => _receiver!;

    protected override IReadOnlyDictionary<string, string?> Settings => WebhookFixtureSetup.Settings(allowLoopback: true);

    public override async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public static class WebhookTestExtensions
{
    public static async Task<CreatedWebhookResponse> SubscribeAsync(this HttpClient client, string url, params string[] eventTypes)
    {
        using var response = await client.SendPostAsync("/api/v1/webhooks", new { url, eventTypes = eventTypes.Length == 0 ? ["customer.created"] : eventTypes });
        return await response.ReadAsync<CreatedWebhookResponse>(HttpStatusCode.Created);
    }

    public static async Task<CustomerResponse> CreateCustomerAsync(this HttpClient client)
    {
        using var response = await client.SendPostAsync("/api/v1/customers", new { name = "Hook Receiver", email = $"hook-{Guid.NewGuid():N}@example.com" });
        return await response.ReadAsync<CustomerResponse>(HttpStatusCode.Created);
    }

    public static async Task<WebhookResponse> WebhookAsync(this HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/v1/webhooks/{id}", TestContext.Current.CancellationToken);
        return await response.ReadAsync<WebhookResponse>(HttpStatusCode.OK);
    }

    public static async Task<IReadOnlyList<WebhookDeliveryResponse>> DeliveriesAsync(this HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/v1/webhooks/{id}/deliveries?limit=200", TestContext.Current.CancellationToken);
        return (await response.ReadAsync<Page<WebhookDeliveryResponse>>(HttpStatusCode.OK)).Data;
    }

    /// <summary>Polls until <paramref name="probe"/> finds something (or 20 s pass).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        for (var waited = 0; waited < 400; waited++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}.");
    }

    /// <summary>The subscription's one delivery about <paramref name="subject"/> once it has <paramref name="attempts"/> attempts and is no longer pending.</summary>
    public static Task<WebhookDeliveryResponse> FinishedDeliveryAsync(this HttpClient client, Guid subscriptionId, int attempts = 1) =>
        EventuallyAsync(async () => (await client.DeliveriesAsync(subscriptionId)).SingleOrDefault(d => d.Status != "pending" && d.Attempts.Count >= attempts), "a finished delivery");
}
