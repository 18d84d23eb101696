using System.Net;
using System.Text;
using Ordo.Api.Features.Webhooks;
using Ordo.Api.Http;
using Ordo.Api.Tests.Events;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Webhooks;

/// <summary>Deliveries to a real receiver on loopback: signatures, retries, the outcome rules, disabling, redelivery, rotation.</summary>
public abstract class WebhookDeliveryTests(ApiFixture fixture, WebhookReceiver receiver) : ProviderTests(fixture)
{
    [Fact]
    public async Task A_delivery_carries_the_outbox_envelope_signed_with_the_secret_shown_once_and_the_event_headers()
    {
        var endpoint = receiver.Endpoint();
        var created = await Client.SubscribeAsync(endpoint.Url);
        Assert.StartsWith(WebhookRules.SecretPrefix, created.Secret, StringComparison.Ordinal);
        Assert.True(created.Webhook.Enabled);
        using (var read = await Client.GetAsync($"/api/v1/webhooks/{created.Webhook.Id}", Cancellation))
        {
            Assert.DoesNotContain(created.Secret, await read.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }

        var customer = await Client.CreateCustomerAsync();

        var delivery = await Client.FinishedDeliveryAsync(created.Webhook.Id);
        var received = Assert.Single(endpoint.Received);
        var outbox = Assert.Single(await Fixture.Factory.OutboxAsync($"customer:{customer.Id}"));
        Assert.Equal(outbox.Body, Encoding.UTF8.GetString(received.Body));
        Assert.Equal((outbox.Id.ToString(), "customer.created"), (received.EventId, received.EventType));
        Assert.Equal((outbox.Id, "succeeded"), (delivery.EventId, delivery.Status));
        Assert.StartsWith("application/json", received.ContentType, StringComparison.Ordinal);
        Assert.Contains("Ordo", received.UserAgent, StringComparison.Ordinal);
        Assert.Equal(1, received.SignatureCount);
        Assert.True(received.VerifiesWith(created.Secret));
        Assert.False(received.VerifiesWith(WebhookRules.NewSecret()));
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal((1, 200, (string?)null, true), (attempt.Number, attempt.StatusCode, attempt.Failure, attempt.Succeeded));
        Assert.True(attempt.LatencyMs >= 0);
    }

    [Fact]
    public async Task A_5xx_answer_is_retried_after_the_back_off_with_the_same_event_id_until_it_succeeds()
    {
        var endpoint = receiver.Endpoint();
        endpoint.Script.Enqueue(ReceiverAnswer.Status(503));
        endpoint.Script.Enqueue(ReceiverAnswer.Status(500));
        var created = await Client.SubscribeAsync(endpoint.Url);

        await Client.CreateCustomerAsync();

        var delivery = await Client.FinishedDeliveryAsync(created.Webhook.Id, attempts: 3);
        Assert.Equal("succeeded", delivery.Status);
        Assert.Equal([(503, false), (500, false), (200, true)], delivery.Attempts.Select(a => (a.StatusCode ?? 0, a.Succeeded)));
        Assert.Equal(3, endpoint.Received.Count);
        Assert.Single(endpoint.Received.Select(r => r.EventId).Distinct());
        Assert.Equal(0, (await Client.WebhookAsync(created.Webhook.Id)).ConsecutiveFailures);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_within_the_timeout_is_retried()
    {
        var endpoint = receiver.Endpoint();
        endpoint.Script.Enqueue(ReceiverAnswer.Hang(TimeSpan.FromSeconds(20)));
        var created = await Client.SubscribeAsync(endpoint.Url);

        await Client.CreateCustomerAsync();

        var delivery = await Client.FinishedDeliveryAsync(created.Webhook.Id, attempts: 2);
        Assert.Equal("succeeded", delivery.Status);
        Assert.Equal([(null, WebhookFailures.Timeout), (200, null)], delivery.Attempts.Select(a => (a.StatusCode, a.Failure)));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(422)]
    [InlineData(301)]
    public async Task Another_4xx_or_a_redirect_fails_the_delivery_without_a_retry(int status)
    {
        var endpoint = receiver.Endpoint();
        endpoint.Script.Enqueue(ReceiverAnswer.Status(status));
        var created = await Client.SubscribeAsync(endpoint.Url);

        await Client.CreateCustomerAsync();

        var delivery = await Client.FinishedDeliveryAsync(created.Webhook.Id);
        Assert.Equal("failed", delivery.Status);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal((status, status == 301 ? WebhookFailures.Redirect : null), (attempt.StatusCode, attempt.Failure));
        Assert.Single(endpoint.Received);
        var subscription = await Client.WebhookAsync(created.Webhook.Id);
        Assert.Equal((true, 1), (subscription.Enabled, subscription.ConsecutiveFailures));
    }

    [Fact]
    public async Task A_410_fails_the_delivery_and_disables_the_subscription_as_gone()
    {
        var endpoint = receiver.Endpoint();
        endpoint.Script.Enqueue(ReceiverAnswer.Status(410));
        var created = await Client.SubscribeAsync(endpoint.Url);

        await Client.CreateCustomerAsync();

        var delivery = await Client.FinishedDeliveryAsync(created.Webhook.Id);
        Assert.Equal("failed", delivery.Status);
        var subscription = await Client.WebhookAsync(created.Webhook.Id);
        Assert.False(subscription.Enabled);
        Assert.Equal(WebhookRules.Gone, subscription.DisabledReason);
        Assert.NotNull(subscription.DisabledAt);
    }

    [Fact]
    public async Task After_the_limit_of_consecutive_failures_the_subscription_is_disabled_and_resumes_when_enabled_again()
    {
        var endpoint = receiver.Endpoint();
        endpoint.Default = ReceiverAnswer.Status(500);
        var created = await Client.SubscribeAsync(endpoint.Url);

        await Client.CreateCustomerAsync();

        var disabled = await WebhookTestExtensions.EventuallyAsync(
            async () => await Client.WebhookAsync(created.Webhook.Id) is { Enabled: false } found ? found : null, "the subscription to be disabled");
        Assert.Equal((WebhookRules.ConsecutiveFailures, 3), (disabled.DisabledReason, disabled.ConsecutiveFailures));
        Assert.NotNull(disabled.DisabledAt);
        var stopped = Assert.Single(await Client.DeliveriesAsync(created.Webhook.Id));
        Assert.Equal(("pending", 3), (stopped.Status, stopped.Attempts.Count));
        Assert.Equal(3, endpoint.Received.Count);
        using (var audit = await Client.GetAsync($"/api/v1/audit?action=webhook.disabled&resourceType=webhook&resourceId={created.Webhook.Id}", Cancellation))
        {
            var entry = Assert.Single((await audit.ReadAsync<Page<Ordo.Api.Features.Audit.AuditEntryResponse>>(HttpStatusCode.OK)).Data);
            Assert.Equal("system", entry.Actor);
        }

        endpoint.Default = ReceiverAnswer.Status(200);
        using var read = await Client.GetAsync($"/api/v1/webhooks/{created.Webhook.Id}", Cancellation);
        using var enable = await Client.PatchAsync($"/api/v1/webhooks/{created.Webhook.Id}", """{"enabled": true}""", read.ETag());
        var enabled = await enable.ReadAsync<WebhookResponse>(HttpStatusCode.OK);
        Assert.Equal((true, 0, (string?)null), (enabled.Enabled, enabled.ConsecutiveFailures, enabled.DisabledReason));

        var delivered = await Client.FinishedDeliveryAsync(created.Webhook.Id, attempts: 4);
        Assert.Equal("succeeded", delivered.Status);
    }

    [Fact]
    public async Task A_manual_redelivery_sends_the_same_event_again_as_a_new_attempt()
    {
        var endpoint = receiver.Endpoint();
        var created = await Client.SubscribeAsync(endpoint.Url);
        await Client.CreateCustomerAsync();
        var first = await Client.FinishedDeliveryAsync(created.Webhook.Id);

        using var redelivery = await Client.SendPostAsync($"/api/v1/webhooks/{created.Webhook.Id}/deliveries/{first.Id}/redelivery", new { });
        var queued = await redelivery.ReadAsync<WebhookDeliveryResponse>(HttpStatusCode.Accepted);
        Assert.Equal("pending", queued.Status);

        var again = await Client.FinishedDeliveryAsync(created.Webhook.Id, attempts: 2);
        Assert.Equal(("succeeded", first.EventId), (again.Status, again.EventId));
        Assert.Equal([1, 2], again.Attempts.Select(a => a.Number));
        Assert.Equal(2, endpoint.Received.Count);
        Assert.All(endpoint.Received, r => Assert.Equal(first.EventId.ToString(), r.EventId));
        Assert.All(endpoint.Received, r => Assert.True(r.VerifiesWith(created.Secret)));
    }

    [Fact]
    public async Task During_a_rotation_overlap_each_delivery_is_signed_with_both_secrets_and_after_one_without_overlap_only_the_new()
    {
        var endpoint = receiver.Endpoint();
        var created = await Client.SubscribeAsync(endpoint.Url);

        using var rotation = await Client.SendPostAsync($"/api/v1/webhooks/{created.Webhook.Id}/secret-rotations", new { overlapSeconds = 3600 });
        var rotated = await rotation.ReadAsync<WebhookSecretResponse>(HttpStatusCode.OK);
        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.NotNull(rotated.PreviousSecretExpiresAt);
        await Client.CreateCustomerAsync();
        await Client.FinishedDeliveryAsync(created.Webhook.Id);

        var overlapping = Assert.Single(endpoint.Received);
        Assert.Equal(2, overlapping.SignatureCount);
        Assert.True(overlapping.VerifiesWith(created.Secret));
        Assert.True(overlapping.VerifiesWith(rotated.Secret));

        using var cut = await Client.SendPostAsync($"/api/v1/webhooks/{created.Webhook.Id}/secret-rotations", new { overlapSeconds = 0 });
        var last = await cut.ReadAsync<WebhookSecretResponse>(HttpStatusCode.OK);
        Assert.Null(last.PreviousSecretExpiresAt);
        await Client.CreateCustomerAsync();
        await WebhookTestExtensions.EventuallyAsync(async () => endpoint.Received.Count == 2 ? endpoint.Received : null, "the second delivery");

        var after = endpoint.Received[1];
        Assert.Equal(1, after.SignatureCount);
        Assert.True(after.VerifiesWith(last.Secret));
        Assert.False(after.VerifiesWith(rotated.Secret));
    }

    [Fact]
    public async Task An_oversized_response_is_cut_off_without_breaking_the_worker()
    {
        var endpoint = receiver.Endpoint();
        endpoint.Script.Enqueue(ReceiverAnswer.Huge(8 * 1024 * 1024));
        var created = await Client.SubscribeAsync(endpoint.Url);

        await Client.CreateCustomerAsync();
        var first = await Client.FinishedDeliveryAsync(created.Webhook.Id);
        Assert.Equal("succeeded", first.Status);

        await Client.CreateCustomerAsync();
        var both = await WebhookTestExtensions.EventuallyAsync(
            async () => await Client.DeliveriesAsync(created.Webhook.Id) is { Count: 2 } all && all.All(d => d.Status == "succeeded") ? all : null, "the next delivery");
        Assert.Equal(2, both.Count);
    }

    [Fact]
    public async Task Subscription_changes_are_audited_without_the_secret_or_the_urls_path_and_query()
    {
        // Slack-style: the token in the path; others put it in the query.
        var created = await Client.SubscribeAsync(receiver.Endpoint().Url + "/T0001/B0002/pathsecret?token=hush");
        using var rotation = await Client.SendPostAsync($"/api/v1/webhooks/{created.Webhook.Id}/secret-rotations", new { });
        var rotated = await rotation.ReadAsync<WebhookSecretResponse>(HttpStatusCode.OK);

        using var audit = await Client.GetAsync($"/api/v1/audit?resourceType=webhook&resourceId={created.Webhook.Id}", Cancellation);
        var entries = (await audit.ReadAsync<Page<Ordo.Api.Features.Audit.AuditEntryResponse>>(HttpStatusCode.OK)).Data;
        Assert.Equal(["webhook.secret_rotated", "webhook.created"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.DoesNotContain(created.Secret, e.Changes ?? "", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain(rotated.Secret, e.Changes ?? "", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("hush", e.Changes ?? "", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("pathsecret", e.Changes ?? "", StringComparison.Ordinal));
        Assert.Contains("http://127.0.0.1:", entries[^1].Changes, StringComparison.Ordinal);
    }
}

public sealed class SqliteWebhookDeliveryTests(WebhookSqliteFixture fixture)
    : WebhookDeliveryTests(fixture, fixture.Receiver), IClassFixture<WebhookSqliteFixture>;

public sealed class PostgresWebhookDeliveryTests(WebhookPostgresFixture fixture)
    : WebhookDeliveryTests(fixture, fixture.Receiver), IClassFixture<WebhookPostgresFixture>;
