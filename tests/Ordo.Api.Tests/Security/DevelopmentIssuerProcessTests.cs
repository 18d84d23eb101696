using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Security;

/// <summary>
/// <c>dotnet run --urls ...</c> on any port in Development: without <c>Auth:Issuer</c> the issuer is the URL the
/// client used, so OIDC clients that check discovery's issuer against it work, and the tokens they get are accepted.
/// </summary>
public sealed class DevelopmentIssuerProcessTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("ordo-issuer-").FullName;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_Development_on_a_random_port_discovery_names_the_URL_used_as_issuer_and_its_tokens_are_accepted()
    {
        var development = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Auth__Issuer"] = "", // unset: as under `dotnet run`
            ["ConnectionStrings__Ordo"] = $"Data Source={Path.Combine(_workingDirectory, "ordo.db")}",
            ["Seed__OnEmptyDatabase"] = "false",
        };
        await using var service = ServiceProcess.Start(_workingDirectory, development, "--urls", "http://127.0.0.1:0");
        var baseUri = await service.WaitUntilListeningAsync();
        using var http = new HttpClient { BaseAddress = baseUri };
        var expectedIssuer = new Uri(baseUri, "/").AbsoluteUri;

        var discovery = await http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", Cancellation);
        Assert.Equal(expectedIssuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(expectedIssuer + "connect/token", discovery.GetProperty("token_endpoint").GetString());

        // The development admin from appsettings.Development.json, through the password grant that Development allows.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "ordo-admin",
            ["username"] = "admin@ordo.localhost",
            ["password"] = "DEVELOPMENT-ONLY-correct-horse-battery",
        });
        using var issued = await http.PostAsync(new Uri(discovery.GetProperty("token_endpoint").GetString()!), form, Cancellation);
        var token = await issued.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(issued.StatusCode == HttpStatusCode.OK, token.ToString());
        var accessToken = token.GetProperty("access_token").GetString()!;
        var payload = JsonDocument.Parse(Convert.FromBase64String(Base64(accessToken.Split('.')[1]))).RootElement;
        Assert.Equal(expectedIssuer, payload.GetProperty("iss").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var products = await http.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private static string Base64(string base64Url)
    {
        var padded = base64Url.Replace('-', '+').Replace('_', '/');
        return padded + new string('=', (4 - (padded.Length % 4)) % 4);
    }
}
