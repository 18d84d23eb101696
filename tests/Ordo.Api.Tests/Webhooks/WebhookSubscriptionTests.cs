using System.Net;
using Ordo.Api.Features.Webhooks;
using Ordo.Api.Http;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Webhooks;

/// <summary>Managing subscriptions: validation with specific codes, the list, If-Match, deletion.</summary>
public abstract class WebhookSubscriptionTests(ApiFixture fixture, WebhookReceiver receiver) : ProviderTests(fixture)
{
    [Theory]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("/relative")]
    [InlineData("https://user:pass@hooks.example.com/x")]
    [InlineData("")]
    public async Task A_url_that_is_not_absolute_https_without_credentials_is_refused(string url)
    {
        using var response = await Client.SendPostAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "*" } });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_webhook_url");
    }

    [Theory]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("http://[::ffff:192.168.0.1]/hook")]
    public async Task A_literal_private_or_link_local_host_is_refused_at_once(string url)
    {
        using var response = await Client.SendPostAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "*" } });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "webhook_target_refused");
    }

    [Fact]
    public async Task Event_types_must_be_published_ones_or_the_wildcard()
    {
        using var response = await Client.SendPostAsync("/api/v1/webhooks", new { url = "https://hooks.example.com/x", eventTypes = new[] { "order.paid", "order.teleported" } });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "unknown_event_types");
        Assert.Contains("order.teleported", problem.Detail, StringComparison.Ordinal);

        using var none = await Client.SendPostAsync("/api/v1/webhooks", new { url = "https://hooks.example.com/x", eventTypes = Array.Empty<string>() });
        await none.AssertProblemAsync(HttpStatusCode.BadRequest, "unknown_event_types");
    }

    [Fact]
    public async Task A_subscription_is_listed_read_updated_with_If_Match_and_deleted()
    {
        var created = await Client.SubscribeAsync(receiver.Endpoint().Url, "order.paid", "order.placed");
        Assert.Equal(["order.placed", "order.paid"], created.Webhook.EventTypes);

        using (var list = await Client.GetAsync("/api/v1/webhooks?limit=200", Cancellation))
        {
            Assert.Contains((await list.ReadAsync<Page<WebhookResponse>>(HttpStatusCode.OK)).Data, w => w.Id == created.Webhook.Id);
        }

        using var read = await Client.GetAsync($"/api/v1/webhooks/{created.Webhook.Id}", Cancellation);
        using (var withoutIfMatch = await Client.PatchAsync($"/api/v1/webhooks/{created.Webhook.Id}", """{"description": "x"}""", null))
        {
            await withoutIfMatch.AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");
        }

        using var update = await Client.PatchAsync(
            $"/api/v1/webhooks/{created.Webhook.Id}", """{"description": "ERP", "eventTypes": ["*"], "enabled": false}""", read.ETag());
        var updated = await update.ReadAsync<WebhookResponse>(HttpStatusCode.OK);
        Assert.Equal(("ERP", false, WebhookRules.DisabledByUser), (updated.Description, updated.Enabled, updated.DisabledReason));
        Assert.Equal(["*"], updated.EventTypes);
        using (var stale = await Client.PatchAsync($"/api/v1/webhooks/{created.Webhook.Id}", """{"description": "y"}""", read.ETag()))
        {
            await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        }

        using var delete = await Client.DeleteAsync($"/api/v1/webhooks/{created.Webhook.Id}", Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await Client.GetAsync($"/api/v1/webhooks/{created.Webhook.Id}", Cancellation);
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_rotation_overlap_beyond_seven_days_is_refused_and_an_idempotency_key_is_not_taken_where_a_secret_is_answered()
    {
        var created = await Client.SubscribeAsync(receiver.Endpoint().Url);
        using var tooLong = await Client.SendPostAsync($"/api/v1/webhooks/{created.Webhook.Id}/secret-rotations", new { overlapSeconds = 604_801 });
        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_overlap");

        using var keyed = await Client.SendPostAsync("/api/v1/webhooks", new { url = receiver.Endpoint().Url, eventTypes = new[] { "*" } }, idempotencyKey: Guid.NewGuid().ToString());
        await keyed.AssertProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_not_supported");
    }
}

public sealed class SqliteWebhookSubscriptionTests(WebhookSqliteFixture fixture)
    : WebhookSubscriptionTests(fixture, fixture.Receiver), IClassFixture<WebhookSqliteFixture>;

public sealed class PostgresWebhookSubscriptionTests(WebhookPostgresFixture fixture)
    : WebhookSubscriptionTests(fixture, fixture.Receiver), IClassFixture<WebhookPostgresFixture>;

/// <summary>The default policy (no network allowed), with http accepted so that the test receiver is reachable by URL.</summary>
public sealed class WebhookStrictPolicyFixture : SqliteApiFixture, IWebhookFixture
{
    private WebhookReceiver? _receiver;

    public WebhookReceiver Receiver => _receiver!;

    protected override IReadOnlyDictionary<string, string?> Settings => WebhookFixtureSetup.Settings(allowLoopback: false);

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

public sealed class WebhookAddressPolicyTests(WebhookStrictPolicyFixture fixture) : ProviderTests(fixture), IClassFixture<WebhookStrictPolicyFixture>
{
    [Fact]
    public async Task A_loopback_literal_is_refused_at_creation_when_loopback_is_not_allowed()
    {
        using var response = await Client.SendPostAsync("/api/v1/webhooks", new { url = fixture.Receiver.Endpoint().Url, eventTypes = new[] { "*" } });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "webhook_target_refused");
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_is_refused_when_sending_recorded_once_and_not_retried()
    {
        var endpoint = fixture.Receiver.Endpoint(host: "localhost");
        var created = await Client.SubscribeAsync(endpoint.Url);

        await Client.CreateCustomerAsync();

        var delivery = await Client.FinishedDeliveryAsync(created.Webhook.Id);
        Assert.Equal("failed", delivery.Status);
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Equal(((int?)null, WebhookFailures.RefusedByPolicy), (attempt.StatusCode, attempt.Failure));
        Assert.Empty(endpoint.Received);
    }
}
