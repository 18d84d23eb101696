using System.Net;
using Bunit;
using Ordo.Admin.Administration;

namespace Ordo.Admin.Tests;

public sealed class ClientScreenTests : BunitContext
{
    private const string Secret = "s3cr3t-Shown-0nce-Only";

    private const string Clients = """
        {"data":[{"clientId":"ordo-admin","displayName":"Ordo admin panel","type":"public","scopes":[],"builtIn":true,"redirectUris":[],"postLogoutRedirectUris":[],"allowedOrigins":[]},
                 {"clientId":"erp-sync","displayName":"ERP sync","type":"confidential","scopes":["orders.read"],"builtIn":false,"redirectUris":[],"postLogoutRedirectUris":[],"allowedOrigins":[]}],
         "nextCursor":null,"hasMore":false}
        """;

    [Fact]
    public void A_new_clients_secret_is_shown_once_with_the_warning_and_gone_once_dismissed()
    {
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/clients?", _ => FakeApi.Json(Clients))
            .On(HttpMethod.Post, "/api/v1/clients", _ => FakeApi.Json(
                $$"""{"clientId":"c-123","displayName":"Warehouse robot","type":"confidential","scopes":["orders.read"],"builtIn":false,"redirectUris":[],"postLogoutRedirectUris":[],"allowedOrigins":[],"clientSecret":"{{Secret}}"}""",
                HttpStatusCode.Created));
        api.Register(this, "clients.manage", "orders.read");
        var screen = Render<ClientList>();
        screen.WaitForAssertion(() => screen.Find("table.clients"));

        screen.FindAll("button").Single(b => b.TextContent == "Create a client…").Click();
        screen.Find("#client-name").Change("Warehouse robot");
        screen.Find(".scopes-choice input[type=checkbox]").Change(true);
        screen.Find("form.create-client").Submit();

        screen.WaitForAssertion(() => Assert.Equal(Secret, screen.Find("#secret-value").GetAttribute("value")));
        Assert.True(screen.Find("#secret-value").HasAttribute("readonly"));
        Assert.Contains("it will not be shown again", screen.Find(".secret-once").TextContent, StringComparison.Ordinal);
        Assert.Equal("c-123", screen.Find("#secret-client-id").GetAttribute("value"));
        var create = api.Requests.Single(r => r.Method == HttpMethod.Post);
        Assert.False(create.Headers.Contains("Idempotency-Key"), "creating a client refuses an Idempotency-Key");

        screen.FindAll("button").Single(b => b.TextContent.StartsWith("I have stored it", StringComparison.Ordinal)).Click();

        Assert.Empty(screen.FindAll(".secret-once"));
        Assert.DoesNotContain(Secret, screen.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Rotating_asks_first_then_shows_the_new_secret_once()
    {
        var api = new FakeApi()
            .On(HttpMethod.Get, "/api/v1/clients?", _ => FakeApi.Json(Clients))
            .On(HttpMethod.Post, "/api/v1/clients/erp-sync/secret", _ => FakeApi.Json(
                $$"""{"clientId":"erp-sync","displayName":"ERP sync","scopes":["orders.read"],"clientSecret":"{{Secret}}"}"""));
        api.Register(this, "clients.manage");
        var screen = Render<ClientList>();
        screen.WaitForAssertion(() => screen.Find("table.clients"));

        screen.Find("button[aria-label='Rotate secret… (erp-sync)']").Click();
        Assert.DoesNotContain(api.Requests, r => r.Method == HttpMethod.Post);
        screen.FindAll("button").Single(b => b.TextContent == "Yes, rotate").Click();

        screen.WaitForAssertion(() => Assert.Equal(Secret, screen.Find("#secret-value").GetAttribute("value")));
        Assert.Contains("New secret for ERP sync", screen.Find(".secret-once h2").TextContent, StringComparison.Ordinal);
        Assert.Empty(screen.FindAll("button[aria-label='Revoke… (ordo-admin)']"));
    }

    [Fact]
    public void Without_clients_manage_nothing_can_be_created_rotated_or_revoked()
    {
        var api = new FakeApi().On(HttpMethod.Get, "/api/v1/clients?", _ => FakeApi.Json(Clients));
        api.Register(this, "users.read");

        var screen = Render<ClientList>();

        screen.WaitForAssertion(() => screen.Find("table.clients"));
        Assert.Empty(screen.FindAll("button"));
    }
}
