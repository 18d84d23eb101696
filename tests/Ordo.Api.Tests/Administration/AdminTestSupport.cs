using System.Net;
using System.Net.Http.Headers;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Administration;

/// <summary>Raw tokens and requests made with them, for tests that watch one token outlive (or not) a change.</summary>
public static class AdminTestSupport
{
    public static string UniqueEmail(string prefix = "staff") => $"{prefix}.{Guid.NewGuid():N}@ordo.test";

    public static string UniqueName(string prefix = "role") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(48, prefix.Length + 33)];

    public static Task<TestAuth.TokenResponse> SignInAsync(HttpClient anonymous, string email, string password) =>
        TestAuth.PasswordGrantAsync(anonymous, email, password, scope: "offline_access", cancellationToken: TestContext.Current.CancellationToken);

    public static Task<TestAuth.TokenResponse> RefreshAsync(HttpClient anonymous, string refreshToken) =>
        TestAuth.RequestTokenAsync(anonymous, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = AuthOptions.AdminClientId,
            ["refresh_token"] = refreshToken,
        }, TestContext.Current.CancellationToken);

    public static Task<TestAuth.TokenResponse> ClientCredentialsAsync(HttpClient anonymous, string clientId, string secret, string scope) =>
        TestAuth.RequestTokenAsync(anonymous, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        }, TestContext.Current.CancellationToken);

    public static async Task<HttpResponseMessage> GetWithTokenAsync(HttpClient anonymous, string url, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await anonymous.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<HttpStatusCode> StatusWithTokenAsync(HttpClient anonymous, string url, string accessToken)
    {
        using var response = await GetWithTokenAsync(anonymous, url, accessToken);
        return response.StatusCode;
    }

    public static async Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = HttpJson.Body(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<HttpResponseMessage> SendDeleteAsync(this HttpClient client, string url, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Creates a staff user through the API; returns their id, email and password.</summary>
    public static async Task<(Guid Id, string Email, string Password)> CreateStaffAsync(HttpClient admin, params string[] roles)
    {
        var email = UniqueEmail();
        var password = TestAuth.NewPassword();
        var response = await admin.SendPostAsync("/api/v1/users", new { email, password, roles });
        var user = await response.JsonAsync(HttpStatusCode.Created);
        return (user.GetProperty("id").GetGuid(), email, password);
    }

    /// <summary>Creates a custom role through the API; returns its id and name.</summary>
    public static async Task<(Guid Id, string Name)> CreateRoleAsync(HttpClient admin, params string[] permissions)
    {
        var name = UniqueName();
        var response = await admin.SendPostAsync("/api/v1/roles", new { name, description = "test role", permissions });
        var role = await response.JsonAsync(HttpStatusCode.Created);
        return (role.GetProperty("id").GetGuid(), name);
    }

}
