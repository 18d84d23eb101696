using System.Net;
using Ordo.Api.Tests.Account;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Security;

/// <summary>
/// The built service in Production behind a real nginx that terminates TLS, with <c>Proxy:KnownProxies</c> naming
/// it: every client has its own sign-in budget, HTTPS is recognised (no 500, Secure cookies, HSTS), and the same
/// headers from a peer that is not a known proxy change nothing.
/// </summary>
public sealed class ReverseProxyTests : IDisposable
{
    private const int SignInsPerAddress = 3;

    private static readonly IPAddress ClientA = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress ClientB = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Stranger = IPAddress.Parse("127.0.0.4");

    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-proxy-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Behind_a_known_proxy_clients_have_their_own_sign_in_budgets_https_is_recognised_and_an_unknown_peers_headers_are_ignored()
    {
        NginxProxy.RequireBinary();
        var adminPassword = TestAuth.NewPassword();
        var production = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "ordo.db")}",
            ["Database__MigrateOnStartup"] = "true",
            ["Auth__Issuer"] = $"https://{NginxProxy.HostName}/",
            ["Auth__EnforceMfa"] = "false", // the bootstrap admin signs in with a password only
            ["Bootstrap__AdminEmail"] = "owner@ordo.test",
            ["Bootstrap__AdminPassword"] = adminPassword,
            ["Proxy__KnownProxies__0"] = "127.0.0.1",
            ["RateLimits__SignIn__IpPermitLimit"] = SignInsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits__SignIn__Window"] = "00:10:00",
        };
        foreach (var (key, value) in TestPiiKeys.EnvironmentVariables)
        {
            production[key] = value;
        }

        await using var service = ServiceProcess.Start(_workingDirectory, production, "--urls", "http://127.0.0.1:0");
        var serviceUri = await service.WaitUntilListeningAsync();
        await using var nginx = await NginxProxy.StartAsync(serviceUri);
        using var browserA = new SignInBrowser(nginx.CreateClient(ClientA));
        using var browserB = new SignInBrowser(nginx.CreateClient(ClientB));
        var clientA = browserA.Client;
        using var stranger = NginxProxy.CreateDirectClient(Stranger, serviceUri);

        // X-Forwarded-Proto: https from the proxy: the sign-in page works (it answered 500 with RequireHttps) and its
        // cookies are Secure; the token server sees HTTPS; HSTS is sent.
        using var page = await clientA.GetAsync("/account/login", Cancellation);
        var html = await page.Content.ReadAsStringAsync(Cancellation);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{(int)page.StatusCode}: {html}");
        AssertSecureCookie(page, "ordo-antiforgery");
        Assert.StartsWith("max-age=", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        using (var discovery = await clientA.GetAsync("/.well-known/openid-configuration", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        }

        // Sign-in attempt 1 of client A's budget: the admin signs in; the sign-in cookie is Secure.
        using (var signedIn = await SignInAsync(browserA, html, adminPassword))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.Contains("You are signed in", await signedIn.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
            AssertSecureCookie(signedIn, "ordo-signin");
        }

        // Attempts 2 and 3, then client A is out of budget, even when it claims another address to the proxy.
        for (var attempt = 2; attempt <= SignInsPerAddress; attempt++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await SignInStatusAsync(clientA));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInStatusAsync(clientA));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInStatusAsync(clientA, forwardedFor: "127.0.0.50"));

        // Client B, behind the same proxy, still has its whole budget: nobody can block everybody's sign-ins.
        using (var signedInB = await SignInAsync(browserB, await browserB.GetPageAsync("/account/login"), adminPassword))
        {
            Assert.Equal(HttpStatusCode.OK, signedInB.StatusCode);
            AssertSecureCookie(signedInB, "ordo-signin");
        }

        // A peer that is not a known proxy sends the same headers: they change nothing. It is a plain-HTTP client
        // (no page, no cookie, no HSTS; the token server refuses it) with one budget whatever address it claims.
        using (var request = Forwarded(HttpMethod.Get, "/account/login", "127.0.0.61"))
        {
            using var plain = await stranger.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
            Assert.Contains("HTTPS", await plain.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
            Assert.False(plain.Headers.Contains("Set-Cookie"));
            Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        }

        using (var request = Forwarded(HttpMethod.Get, "/.well-known/openid-configuration", "127.0.0.62"))
        {
            using var discovery = await stranger.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.BadRequest, discovery.StatusCode);
        }

        for (var attempt = 1; attempt <= SignInsPerAddress; attempt++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await SignInStatusAsync(stranger, forwardedFor: $"10.0.0.{attempt}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInStatusAsync(stranger, forwardedFor: "10.0.0.99"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private static void AssertSecureCookie(HttpResponseMessage response, string name)
    {
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), header => header.StartsWith(name + "=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private static Task<HttpResponseMessage> SignInAsync(SignInBrowser browser, string page, string password) =>
        browser.SubmitStepAsync(page, new Dictionary<string, string> { ["email"] = "owner@ordo.test", ["password"] = password });

    /// <summary>One sign-in attempt (without a form token, so nothing else is at stake) for a new account each time.</summary>
    private static async Task<HttpStatusCode> SignInStatusAsync(HttpClient client, string? forwardedFor = null)
    {
        using var request = Forwarded(HttpMethod.Post, "/account/login", forwardedFor);
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = $"nobody-{Guid.NewGuid():N}@ordo.test", ["password"] = "x" });
        using var response = await client.SendAsync(request, Cancellation);
        return response.StatusCode;
    }

    /// <summary>A request carrying the headers only a trusted proxy may set (nginx appends to X-Forwarded-For; the others it replaces).</summary>
    private static HttpRequestMessage Forwarded(HttpMethod method, string path, string? forwardedFor)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", NginxProxy.HostName);
        }

        return request;
    }
}
