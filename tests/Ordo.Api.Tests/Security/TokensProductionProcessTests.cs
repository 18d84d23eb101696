using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Security;

/// <summary>The built service in Production, as an operator runs it: the defaults close what tests switch on.</summary>
public sealed class TokensProductionProcessTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-tokens-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Production_refuses_the_password_grant_sends_no_Server_header_refuses_TRACE_and_rotates_keys_by_command()
    {
        var adminPassword = TestAuth.NewPassword();
        var production = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "ordo.db")}",
            ["Bootstrap__AdminEmail"] = "owner@ordo.test",
            ["Bootstrap__AdminPassword"] = adminPassword,
        };
        foreach (var (key, value) in TestPiiKeys.EnvironmentVariables)
        {
            production[key] = value;
        }

        await using (var migrate = ServiceProcess.Start(_workingDirectory, production, "migrate"))
        {
            Assert.Equal(0, await migrate.WaitForExitAsync());
        }

        // Over plain HTTP the token server refuses everything by default (TLS is required)...
        await using (var strict = ServiceProcess.Start(_workingDirectory, production, "--urls", "http://127.0.0.1:0"))
        {
            using var client = new HttpClient { BaseAddress = await strict.WaitUntilListeningAsync() };
            var (status, body) = await PasswordGrantAsync(client, adminPassword);
            Assert.Equal(400, status);
            Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        }

        // An operator rotates the token keys: the successor is created now and published ahead of signing.
        await using (var rotate = ServiceProcess.Start(_workingDirectory, production, "rotate-keys"))
        {
            Assert.Equal(0, await rotate.WaitForExitAsync());
        }

        // ...and behind a TLS-terminating proxy (transport check off) the password grant is still not on offer.
        production["Auth__RequireHttps"] = "false";
        await using var service = ServiceProcess.Start(_workingDirectory, production, "--urls", "http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = await service.WaitUntilListeningAsync() };

        var refused = await PasswordGrantAsync(http, adminPassword);
        Assert.Equal(400, refused.Status);
        Assert.Equal("unsupported_grant_type", refused.Body.GetProperty("error").GetString());
        Assert.False(refused.Body.TryGetProperty("access_token", out _));

        using var discovery = await http.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), Cancellation);
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        var document = await discovery.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var grantTypes = document.GetProperty("grant_types_supported").EnumerateArray().Select(grant => grant.GetString()).ToList();
        Assert.Contains("authorization_code", grantTypes);
        Assert.DoesNotContain("password", grantTypes);
        Assert.DoesNotContain("plain", document.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(method => method.GetString()));
        Assert.False(discovery.Headers.Contains("Server"), "no Server header on the discovery document");
        var jwks = await http.GetFromJsonAsync<JsonElement>(new Uri(new Uri(document.GetProperty("jwks_uri").GetString()!).AbsolutePath, UriKind.Relative), Cancellation);
        Assert.Equal(2, jwks.GetProperty("keys").GetArrayLength()); // the first key and the successor from rotate-keys

        foreach (var path in new[] { "/api/v1/products", "/health/ready", "/no/such/path" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Cancellation);
            Assert.False(response.Headers.Contains("Server"), $"GET {path} sends a Server header");

            using var trace = new HttpRequestMessage(HttpMethod.Trace, path);
            trace.Headers.Add("X-Echo-Probe", "secret-cookie-value");
            using var traced = await http.SendAsync(trace, Cancellation);
            var echoed = await traced.Content.ReadAsStringAsync(Cancellation);
            Assert.True((int)traced.StatusCode is >= 400 and < 500, $"TRACE {path} answered {(int)traced.StatusCode}");
            Assert.DoesNotContain("secret-cookie-value", echoed, StringComparison.Ordinal);
            Assert.NotEqual("message/http", traced.Content.Headers.ContentType?.MediaType);
            Assert.False(traced.Headers.Contains("Server"), $"TRACE {path} sends a Server header");
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private static async Task<(int Status, JsonElement Body)> PasswordGrantAsync(HttpClient client, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "ordo-admin",
            ["username"] = "owner@ordo.test",
            ["password"] = password,
        });
        using var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), form, Cancellation);
        Assert.False(response.Headers.Contains("Server"), "no Server header on the token endpoint");
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation));
    }
}
