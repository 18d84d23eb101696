using System.Net;
using Bunit;
using Ordo.Admin.Administration;

namespace Ordo.Admin.Tests;

public sealed class WebhookScreenTests : BunitContext
{
    private static readonly Guid WebhookId = Guid.Parse("019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f91");
    private static readonly Guid DeliveryId = Guid.Parse("019ac4a2-0b1c-7d2e-8f3a-4b5c6d7e8f92");

    private static string Webhook(bool enabled) =>
        $$"""{"id":"{{WebhookId}}","url":"https://erp.example/hooks","eventTypes":["order.paid"],"description":null,"enabled":{{(enabled ? "true" : "false")}},"disabledAt":null,"disabledReason":null,"consecutiveFailures":0,"previousSecretExpiresAt":null,"createdAt":"2026-12-07T09:00:00Z","updatedAt":"2026-12-07T09:00:00Z"}""";

    private static string Deliveries => $$"""
        {"data":[{"id":"{{DeliveryId}}","eventId":"{{Guid.NewGuid()}}","eventType":"order.paid","status":"failed","nextAttemptAt":null,"createdAt":"2026-12-07T09:05:00Z","completedAt":"2026-12-07T10:05:00Z",
                  "attempts":[{"number":1,"attemptedAt":"2026-12-07T09:05:00Z","statusCode":500,"failure":null,"succeeded":false,"latencyMs":120}]}],"nextCursor":null,"hasMore":false}
        """;

    private FakeApi Detail(FakeApi api)
    {
        api.On(HttpMethod.Get, $"/api/v1/webhooks/{WebhookId}", _ => FakeApi.Json(Webhook(enabled: true), etag: "\"wh-v1\""))
            .On(HttpMethod.Get, $"/api/v1/webhooks/{WebhookId}/deliveries", _ => FakeApi.Json(Deliveries));
        api.Register(this, "webhooks.manage");
        return api;
    }

    [Fact]
    public void Pausing_sends_a_merge_patch_of_enabled_alone_with_the_version_seen()
    {
        string? body = null;
        var api = Detail(new FakeApi().On(HttpMethod.Patch, $"/api/v1/webhooks/{WebhookId}", request =>
        {
            body = new StreamReader(request.Content!.ReadAsStream(Xunit.TestContext.Current.CancellationToken)).ReadToEnd();
            Assert.Equal("application/merge-patch+json", request.Content.Headers.ContentType!.MediaType);
            return FakeApi.Json(Webhook(enabled: false), etag: "\"wh-v2\"");
        }));
        var screen = Render<WebhookDetail>(p => p.Add(x => x.Id, WebhookId));
        screen.WaitForAssertion(() => screen.Find("h1.ids"));

        screen.FindAll("button").Single(b => b.TextContent == "Pause deliveries").Click();

        screen.WaitForAssertion(() => Assert.Equal("Deliveries paused.", screen.Find(".notice").TextContent));
        Assert.Equal("""{"enabled":false}""", body);
        Assert.Equal("\"wh-v1\"", api.Requests.Single(r => r.Method == HttpMethod.Patch).Headers.IfMatch.Single().ToString());
        Assert.Contains(screen.FindAll("button"), b => b.TextContent == "Resume deliveries");
    }

    [Fact]
    public void A_failed_delivery_can_be_sent_again()
    {
        var api = Detail(new FakeApi().On(HttpMethod.Post, $"/api/v1/webhooks/{WebhookId}/deliveries/{DeliveryId}/redelivery", _ => FakeApi.Json(
            $$"""{"id":"{{Guid.NewGuid()}}","eventId":"{{Guid.NewGuid()}}","eventType":"order.paid","status":"pending","nextAttemptAt":null,"createdAt":"2026-12-07T11:00:00Z","completedAt":null,"attempts":[]}""",
            HttpStatusCode.Accepted)));
        var screen = Render<WebhookDetail>(p => p.Add(x => x.Id, WebhookId));
        screen.WaitForAssertion(() => Assert.Contains("HTTP 500", screen.Find("section[aria-labelledby=deliveries-heading] table").TextContent, StringComparison.Ordinal));

        screen.FindAll("button").Single(b => b.TextContent == "Send again").Click();

        screen.WaitForAssertion(() => Assert.Equal("The order.paid event is queued to be sent again.", screen.Find(".notice").TextContent));
        Assert.True(api.Requests.Single(r => r.Method == HttpMethod.Post).Headers.Contains("Idempotency-Key"));
    }

    [Fact]
    public void Rotating_asks_first_and_shows_the_new_signing_secret_once()
    {
        var api = Detail(new FakeApi().On(HttpMethod.Post, $"/api/v1/webhooks/{WebhookId}/secret-rotations", _ => FakeApi.Json(
            $$"""{"id":"{{WebhookId}}","secret":"whsec_new","previousSecretExpiresAt":"2026-12-08T09:00:00Z"}""")));
        var screen = Render<WebhookDetail>(p => p.Add(x => x.Id, WebhookId));
        screen.WaitForAssertion(() => screen.Find("h1.ids"));

        screen.FindAll("button").Single(b => b.TextContent == "Rotate secret…").Click();
        Assert.DoesNotContain(api.Requests, r => r.Method == HttpMethod.Post);
        screen.FindAll("button").Single(b => b.TextContent == "Yes, rotate").Click();

        screen.WaitForAssertion(() => Assert.Equal("whsec_new", screen.Find("#secret-value").GetAttribute("value")));
        Assert.Contains("it will not be shown again", screen.Find(".secret-once").TextContent, StringComparison.Ordinal);
        var rotate = api.Requests.Single(r => r.Method == HttpMethod.Post);
        Assert.False(rotate.Headers.Contains("Idempotency-Key"), "rotating refuses an Idempotency-Key");
    }

    [Fact]
    public void No_webhooks_show_the_empty_state_and_creating_needs_at_least_one_event_type()
    {
        var api = new FakeApi().On(HttpMethod.Get, "/api/v1/webhooks?", _ => FakeApi.Json("""{"data":[],"nextCursor":null,"hasMore":false}"""));
        api.Register(this, "webhooks.manage");

        var screen = Render<WebhookList>();

        screen.WaitForAssertion(() => Assert.Contains("No webhooks yet.", screen.Find(".empty").TextContent, StringComparison.Ordinal));
        screen.FindAll("button").Single(b => b.TextContent == "Subscribe an address…").Click();
        Assert.True(screen.FindAll("button").Single(b => b.TextContent == "Create webhook").HasAttribute("disabled"));
        screen.Find("fieldset input[type=checkbox]").Change(true);
        Assert.False(screen.FindAll("button").Single(b => b.TextContent == "Create webhook").HasAttribute("disabled"));
    }
}
