using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Ordo.Api.Features.Identity.Clients;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Account;
using Ordo.Api.Tests.Infrastructure;
using static Ordo.Api.Tests.Administration.AdminTestSupport;

namespace Ordo.Api.Tests.Administration;

/// <summary>
/// Public clients for customer-facing apps (issue 14): registered through the API with their redirect URIs,
/// post-logout URIs and origins; they sign users in with the authorization code and PKCE; their origins, and the
/// configured ones, are the only ones CORS allows.
/// </summary>
public abstract class PublicClientTests(ApiFixture fixture) : ProviderTests(fixture)
{
    /// <summary>In <c>Cors:AllowedOrigins</c> of the fixtures below.</summary>
    public const string ConfiguredOrigin = "https://admin.example";

    private const string ShopCallback = "https://shop.example/auth/callback";

    private HttpClient Anonymous => field ??= Fixture.CreateAnonymousClient();

    private sealed record Created(
        string ClientId, string? DisplayName, string Type, List<string> Scopes, bool BuiltIn,
        List<string> RedirectUris, List<string> PostLogoutRedirectUris, List<string> AllowedOrigins, string? ClientSecret);

    private sealed record Fetched(
        string ClientId, string? DisplayName, string Type, List<string> Scopes, bool BuiltIn,
        List<string> RedirectUris, List<string> PostLogoutRedirectUris, List<string> AllowedOrigins);

    private static string NewOrigin() => $"https://shop-{Guid.NewGuid():N}.example";

    private async Task<Created> CreatePublicAsync(string origin, params string[] redirectUris) =>
        await (await Client.SendPostAsync("/api/v1/clients", new
        {
            displayName = "Shop front end",
            type = "public",
            redirectUris = redirectUris.Length == 0 ? [ShopCallback] : redirectUris,
            postLogoutRedirectUris = new[] { "https://shop.example/" },
            allowedOrigins = new[] { origin },
        })).ReadAsync<Created>(HttpStatusCode.Created);

    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin, string method = "POST", string headers = "authorization, content-type, idempotency-key")
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await Anonymous.SendAsync(request, Cancellation);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    [Fact]
    public async Task A_public_client_is_registered_with_its_uris_and_origins_and_has_no_secret()
    {
        var origin = NewOrigin();
        var response = await Client.SendPostAsync("/api/v1/clients", new
        {
            displayName = "Shop front end",
            type = "public",
            redirectUris = new[] { ShopCallback, "http://localhost:5173/callback", ShopCallback },
            postLogoutRedirectUris = new[] { "https://shop.example/" },
            allowedOrigins = new[] { origin + "/", "http://127.0.0.1:5173" },
        });

        var created = await response.ReadAsync<Created>(HttpStatusCode.Created);
        Assert.StartsWith("app-", created.ClientId, StringComparison.Ordinal);
        Assert.Equal("public", created.Type);
        Assert.Null(created.ClientSecret);
        Assert.Empty(created.Scopes);
        Assert.Equal(["http://localhost:5173/callback", ShopCallback], created.RedirectUris);
        Assert.Equal(["https://shop.example/"], created.PostLogoutRedirectUris);
        Assert.Equal(["http://127.0.0.1:5173", origin], created.AllowedOrigins);
        Assert.Equal($"/api/v1/clients/{created.ClientId}", response.Headers.Location?.ToString());

        var fetched = await (await Client.GetAsync($"/api/v1/clients/{created.ClientId}", Cancellation)).ReadAsync<Fetched>(HttpStatusCode.OK);
        Assert.Equal(("public", "Shop front end", false), (fetched.Type, fetched.DisplayName, fetched.BuiltIn));
        Assert.Empty(fetched.Scopes);
        Assert.Equal(created.PostLogoutRedirectUris, fetched.PostLogoutRedirectUris);
        Assert.Equal(created.RedirectUris, fetched.RedirectUris);
        Assert.Equal(created.AllowedOrigins, fetched.AllowedOrigins);

        var page = await (await Client.GetAsync("/api/v1/clients?limit=200", Cancellation)).ReadAsync<Page<ClientResponse>>(HttpStatusCode.OK);
        var listed = page.Data.Single(c => c.ClientId == created.ClientId);
        Assert.Equal(origin, listed.AllowedOrigins[1]);

        // Public clients have no secret to rotate.
        await (await Client.SendPostAsync($"/api/v1/clients/{created.ClientId}/secret", new { }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "client_not_confidential");
    }

    [Fact]
    public async Task Registering_a_public_client_takes_every_permission_since_anyone_may_sign_in_through_it()
    {
        var (_, clientManager) = await AdminTestSupport.CreateRoleAsync(Client, Permissions.ClientsManage, Permissions.OrdersRead);
        var (manager, _) = await Fixture.Factory.CreateClientWithRolesAsync([clientManager]);

        var response = await manager.SendPostAsync("/api/v1/clients", new
        {
            displayName = "Phishing front end",
            type = "public",
            redirectUris = new[] { "https://attacker.example/callback" },
        });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "privilege_escalation");
        Assert.Contains(Permissions.UsersManage, problem.Extension<string[]>("permissions"));
    }

    [Fact]
    public async Task A_confidential_client_is_still_the_default_and_shows_empty_browser_settings()
    {
        var created = await (await Client.SendPostAsync("/api/v1/clients", new { displayName = "ERP", scopes = new[] { "catalog.read" } }))
            .ReadAsync<Created>(HttpStatusCode.Created);

        Assert.Equal("confidential", created.Type);
        Assert.NotNull(created.ClientSecret);
        Assert.Empty(created.RedirectUris);
        Assert.Empty(created.AllowedOrigins);
    }

    [Fact]
    public async Task A_public_client_signs_a_user_in_with_the_authorization_code_and_PKCE_at_its_registered_uri_only()
    {
        var client = await CreatePublicAsync(NewOrigin());
        var email = AccountHttp.NewEmail("shopper");
        var password = TestAuth.NewPassword();
        await TestAuth.CreateUserAsync(Fixture.Factory.Services, email, password, [BuiltInRoles.Warehouse]);
        using var browser = SignInBrowser.Create(Fixture.Factory);
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string Authorize(string redirectUri, bool pkce = true) => "/connect/authorize" + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = client.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = "openid offline_access",
            ["state"] = "s1",
            ["code_challenge"] = pkce ? challenge : null,
            ["code_challenge_method"] = pkce ? "S256" : null,
        }.Where(p => p.Value is not null));

        using var unregistered = await browser.Client.GetAsync(Authorize("https://evil.example/callback"), Cancellation);
        Assert.NotEqual(HttpStatusCode.Redirect, unregistered.StatusCode);
        using var withoutPkce = await browser.Client.GetAsync(Authorize(ShopCallback, pkce: false), Cancellation);
        Assert.False(withoutPkce.StatusCode == HttpStatusCode.Redirect && SignInBrowser.Location(withoutPkce).Contains("code=", StringComparison.Ordinal));

        using var toLogin = await browser.Client.GetAsync(Authorize(ShopCallback), Cancellation);
        using var signedIn = await browser.SubmitStepAsync(
            await browser.GetPageAsync(SignInBrowser.Location(toLogin)), new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        using var issued = await browser.Client.GetAsync(SignInBrowser.Location(signedIn), Cancellation);
        var callback = new Uri(SignInBrowser.Location(issued));
        Assert.Equal(ShopCallback, callback.GetLeftPart(UriPartial.Path));
        var token = await TestAuth.RequestTokenAsync(Anonymous, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = client.ClientId,
            ["code"] = QueryHelpers.ParseQuery(callback.Query)["code"].ToString(),
            ["redirect_uri"] = ShopCallback,
            ["code_verifier"] = verifier,
        }, Cancellation);

        Assert.True(token.Status == 200, token.Body.ToString());
        Assert.NotNull(token.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(Anonymous, "/api/v1/products", token.AccessToken));
    }

    [Theory]
    [InlineData("redirectUris", "http://shop.example/callback", "$.redirectUris[0]")]
    [InlineData("redirectUris", "https://shop.example/callback#fragment", "$.redirectUris[0]")]
    [InlineData("redirectUris", "/relative/callback", "$.redirectUris[0]")]
    [InlineData("redirectUris", "https://user:pass@shop.example/callback", "$.redirectUris[0]")]
    [InlineData("postLogoutRedirectUris", "http://shop.example/", "$.postLogoutRedirectUris[0]")]
    [InlineData("allowedOrigins", "https://shop.example/path", "$.allowedOrigins[0]")]
    [InlineData("allowedOrigins", "https://*.shop.example", "$.allowedOrigins[0]")]
    [InlineData("allowedOrigins", "http://shop.example", "$.allowedOrigins[0]")]
    [InlineData("allowedOrigins", "https://shop.example?x=1", "$.allowedOrigins[0]")]
    [InlineData("allowedOrigins", "null", "$.allowedOrigins[0]")]
    public async Task A_public_clients_addresses_must_be_https_or_loopback_absolute_and_of_their_kind(string field, string value, string path)
    {
        var body = new Dictionary<string, object>
        {
            ["displayName"] = "Bad",
            ["type"] = "public",
            ["redirectUris"] = new[] { ShopCallback },
        };
        body[field] = new[] { value };

        var problem = await (await Client.SendPostAsync("/api/v1/clients", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.True(problem.HasError(path), problem.ToString());
    }

    [Fact]
    public async Task Public_and_confidential_clients_refuse_each_others_settings()
    {
        var publicWithScopes = await Client.SendPostAsync("/api/v1/clients", new { displayName = "x", type = "public", scopes = new[] { "catalog.read" }, redirectUris = new[] { ShopCallback } });
        Assert.True((await publicWithScopes.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).HasError("$.scopes"));

        var publicWithoutRedirect = await Client.SendPostAsync("/api/v1/clients", new { displayName = "x", type = "public" });
        Assert.True((await publicWithoutRedirect.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).HasError("$.redirectUris"));

        var confidentialWithOrigins = await Client.SendPostAsync("/api/v1/clients", new { displayName = "x", scopes = new[] { "catalog.read" }, allowedOrigins = new[] { NewOrigin() } });
        Assert.True((await confidentialWithOrigins.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).HasError("$.allowedOrigins"));

        var unknownType = await Client.SendPostAsync("/api/v1/clients", new { displayName = "x", type = "hybrid", redirectUris = new[] { ShopCallback } });
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);
        Assert.Equal("application/problem+json", unknownType.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_registered_origin_gets_CORS_answers_for_the_api_and_the_token_endpoint_without_credentials()
    {
        var origin = NewOrigin();
        await CreatePublicAsync(origin);

        foreach (var path in new[] { "/api/v1/orders", "/connect/token" })
        {
            using var preflight = await PreflightAsync(path, origin);
            Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
            Assert.Equal(origin, Header(preflight, "Access-Control-Allow-Origin"));
            Assert.Contains("POST", Header(preflight, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
            var allowedHeaders = Header(preflight, "Access-Control-Allow-Headers")!.ToLowerInvariant();
            Assert.Contains("authorization", allowedHeaders, StringComparison.Ordinal);
            Assert.Contains("idempotency-key", allowedHeaders, StringComparison.Ordinal);
            Assert.Null(Header(preflight, "Access-Control-Allow-Credentials"));
            Assert.Contains("Origin", Header(preflight, "Vary"), StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products?limit=1");
        request.Headers.Add("Origin", origin);
        using var actual = await Anonymous.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, actual.StatusCode); // CORS lets the browser read the refusal, nothing more
        Assert.Equal(origin, Header(actual, "Access-Control-Allow-Origin"));
        var exposed = Header(actual, "Access-Control-Expose-Headers")!;
        foreach (var header in new[] { "ETag", "Location", "Idempotent-Replayed", "Retry-After", "Link" })
        {
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task An_unknown_origin_gets_no_CORS_headers_even_on_a_preflight()
    {
        foreach (var origin in new[] { NewOrigin(), "null", "https://shop.example.evil.test", "http://admin.example" })
        {
            using var preflight = await PreflightAsync("/api/v1/orders", origin);
            Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
            Assert.Null(Header(preflight, "Access-Control-Allow-Methods"));
        }
    }

    [Fact]
    public async Task A_configured_origin_is_allowed_without_any_client()
    {
        using var preflight = await PreflightAsync("/api/v1/products", ConfiguredOrigin, "GET", "authorization, if-none-match");
        Assert.Equal(ConfiguredOrigin, Header(preflight, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Deleting_a_public_client_withdraws_its_origin_at_once()
    {
        var origin = NewOrigin();
        var client = await CreatePublicAsync(origin);
        using (var before = await PreflightAsync("/api/v1/orders", origin))
        {
            Assert.Equal(origin, Header(before, "Access-Control-Allow-Origin"));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendDeleteAsync($"/api/v1/clients/{client.ClientId}")).StatusCode);

        using var after = await PreflightAsync("/api/v1/orders", origin);
        Assert.Null(Header(after, "Access-Control-Allow-Origin"));
    }
}

public class CorsSqliteFixture : SqliteApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = PublicClientTests.ConfiguredOrigin };
}

public class CorsPostgresFixture : PostgresApiFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = PublicClientTests.ConfiguredOrigin };
}

public sealed class PublicClientsOnSqlite(CorsSqliteFixture fixture) : PublicClientTests(fixture), IClassFixture<CorsSqliteFixture>;

public sealed class PublicClientsOnPostgres(CorsPostgresFixture fixture) : PublicClientTests(fixture), IClassFixture<CorsPostgresFixture>;
