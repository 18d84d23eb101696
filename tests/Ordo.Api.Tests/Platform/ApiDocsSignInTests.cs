using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// In Development, the "Authorize" tab of <c>/docs</c> is set up for the admin client with PKCE and a redirect URI that
/// client has registered, so signing in from the docs works as it is.
/// </summary>
public sealed partial class ApiDocsSignInTests(DevelopmentService service) : IClassFixture<DevelopmentService>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_Development_the_docs_sign_in_uses_the_admin_client_with_PKCE_and_a_redirect_URI_the_authorize_endpoint_accepts()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = service.BaseUri };
        var html = await http.GetStringAsync("/docs/", Cancellation);
        var configuration = JsonDocument.Parse(ScalarConfiguration().Match(html).Groups[1].Value).RootElement;
        var flow = configuration.GetProperty("authentication").GetProperty("securitySchemes").GetProperty("oauth2")
            .GetProperty("flows").GetProperty("authorizationCode");
        var clientId = flow.GetProperty("x-scalar-client-id").GetString()!;
        var redirectUri = flow.GetProperty("x-scalar-redirect-uri").GetString()!;

        Assert.Equal("ordo-admin", clientId);
        Assert.Equal("SHA-256", flow.GetProperty("x-usePkce").GetString());
        Assert.Equal("http://localhost:5080/docs/", redirectUri); // the docs page itself, where `dotnet run` serves it
        // The only absolute URL on the page is that redirect URI, a navigation back to the docs: nothing is loaded from it.
        Assert.All(AbsoluteUrl().Matches(html), url => Assert.StartsWith(redirectUri, url.Value, StringComparison.Ordinal));

        using var accepted = await http.GetAsync(Authorize(clientId, redirectUri), Cancellation);
        Assert.True(accepted.StatusCode == HttpStatusCode.Redirect, $"{(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(Cancellation)}");
        Assert.StartsWith("/account/login?", accepted.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        // The check it passed is a real one: an unregistered redirect URI is refused.
        using var refused = await http.GetAsync(Authorize(clientId, "http://localhost:5080/elsewhere/"), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private static string Authorize(string clientId, string redirectUri)
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return "/connect/authorize" + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = "openid offline_access",
            ["state"] = "docs",
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        });
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The configuration object the page hands to Scalar's <c>initialize(path, dynamicBaseUrl, configuration, module)</c>.</summary>
    [GeneratedRegex(@"initialize\(\s*'[^']*',\s*(?:true|false),\s*(\{.*\}),\s*'[^']*'\)")]
    private static partial Regex ScalarConfiguration();

    [GeneratedRegex("https?://[^\"'\\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();
}
