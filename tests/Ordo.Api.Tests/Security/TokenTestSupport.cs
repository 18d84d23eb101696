using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ordo.Api.Tests.Security;

/// <summary>What the token tests share: integration clients, staff users, bearer calls and OAuth form posts.</summary>
internal static class TokenTestSupport
{
    /// <summary>An endpoint that only an authenticated caller holding <c>catalog.read</c> may read.</summary>
    public const string ProtectedUrl = "/api/v1/products";

    public sealed record Client(string ClientId, string Secret);

    public sealed record StaffUser(Guid Id, string Email, string Password);

    /// <summary>A confidential integration client, created as an administrator would, holding exactly <paramref name="permissions"/>.</summary>
    public static async Task<Client> CreateConfidentialClientAsync(IServiceProvider services, params string[] permissions)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var client = new Client("it-" + Guid.NewGuid().ToString("N")[..12], Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "Token test client",
        };
        descriptor.Permissions.UnionWith(permissions);
        await applications.CreateAsync(descriptor, TestContext.Current.CancellationToken);
        return client;
    }

    /// <summary>A valid access-token entry in the token server's store, for hand-minted tokens to name.</summary>
    public static async Task<string> CreateTokenEntryAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var entry = await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            Status = Statuses.Valid,
            Type = TokenTypeHints.AccessToken,
            Subject = Guid.NewGuid().ToString(),
            CreationDate = DateTimeOffset.UtcNow,
            ExpirationDate = DateTimeOffset.UtcNow.AddHours(1),
        }, TestContext.Current.CancellationToken);
        return (await tokens.GetIdAsync(entry, TestContext.Current.CancellationToken))!;
    }

    /// <summary>A new warehouse user: holds <c>catalog.read</c>, needs no MFA.</summary>
    public static async Task<StaffUser> CreateWarehouseUserAsync(IServiceProvider services)
    {
        var email = $"tokens-{Guid.NewGuid():N}@ordo.test";
        var password = TestAuth.NewPassword();
        var user = await TestAuth.CreateUserAsync(services, email, password, [BuiltInRoles.Warehouse]);
        return new StaffUser(user.Id, email, password);
    }

    public static async Task<HttpResponseMessage> GetWithBearerAsync(HttpClient anonymous, string token, string url = ProtectedUrl)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await anonymous.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<System.Net.HttpStatusCode> StatusWithBearerAsync(HttpClient anonymous, string token)
    {
        using var response = await GetWithBearerAsync(anonymous, token);
        return response.StatusCode;
    }

    /// <summary>POSTs an OAuth form (token, revocation, introspection endpoints) and returns the status and JSON body.</summary>
    public static async Task<(int Status, JsonElement Body)> PostFormAsync(HttpClient anonymous, string path, IDictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await anonymous.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = text.Length == 0 ? JsonDocument.Parse("{}").RootElement : JsonDocument.Parse(text).RootElement;
        return ((int)response.StatusCode, body);
    }

    public static Task<TestAuth.TokenResponse> RefreshAsync(HttpClient anonymous, string refreshToken, Client? client = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.RefreshToken,
            ["refresh_token"] = refreshToken,
        };
        AddClient(form, client);
        return TestAuth.RequestTokenAsync(anonymous, form, TestContext.Current.CancellationToken);
    }

    public static Task<TestAuth.TokenResponse> PasswordGrantAsync(HttpClient anonymous, StaffUser user, string? scope = null, Client? client = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.Password,
            ["username"] = user.Email,
            ["password"] = user.Password,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        AddClient(form, client);
        return TestAuth.RequestTokenAsync(anonymous, form, TestContext.Current.CancellationToken);
    }

    /// <summary>The public admin client when <paramref name="client"/> is null, else the confidential client with its secret.</summary>
    public static void AddClient(IDictionary<string, string> form, Client? client)
    {
        form["client_id"] = client?.ClientId ?? AuthOptions.AdminClientId;
        if (client is not null)
        {
            form["client_secret"] = client.Secret;
        }
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
}
