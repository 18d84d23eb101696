using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Identity;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Tests.Infrastructure;

/// <summary>Test accounts and real tokens from the service's own token endpoint (password grant, on in Testing).</summary>
public static class TestAuth
{
    public const string AdminEmail = "admin@ordo.test";

    /// <summary>A fresh strong password per run; there are no fixed credentials anywhere.</summary>
    public static readonly string AdminPassword = "test-owner-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:Issuer"] = "http://localhost/",
        ["Auth:RequireHttps"] = "false",
        ["Auth:AllowPasswordGrant"] = "true",
        ["Auth:RequireConfirmedEmail"] = "false",
        ["Auth:EnforceMfa"] = "false",
        ["Auth:AdminClient:RedirectUris:0"] = "http://localhost/callback",
        // Suites sign in many times from one address; the attempt limits have their own suite with low limits.
        ["RateLimits:Token:PermitLimit"] = "100000",
        ["RateLimits:Token:IpPermitLimit"] = "100000",
        ["RateLimits:SignIn:PermitLimit"] = "100000",
        ["RateLimits:SignIn:IpPermitLimit"] = "100000",
        ["RateLimits:Account:PermitLimit"] = "100000",
        ["RateLimits:Account:IpPermitLimit"] = "100000",
        // Suites place many (and some huge) orders for one customer; the caps and this limit have their own suites.
        ["RateLimits:PlaceOrder:PermitLimit"] = "100000",
        ["RateLimits:PlaceOrder:IpPermitLimit"] = "100000",
        // Suites send thousands of requests as one caller (the hostile-input suite alone 1,500); SharedLimitsTests and
        // RedisDownTests cover the general limit.
        ["RateLimits:Api:PermitLimit"] = "1000000",
        ["RateLimits:Api:IpPermitLimit"] = "1000000",
        ["Orders:MaxOpenUnpaidOrders"] = "10000",
        ["Orders:Currencies:EUR:MaxReservedValue"] = "10000000000000",
        ["Bootstrap:AdminEmail"] = AdminEmail,
        ["Bootstrap:AdminPassword"] = AdminPassword,
    };

    public sealed record TokenResponse(int Status, JsonElement Body)
    {
        public string AccessToken => Body.GetProperty("access_token").GetString()!;

        public string? RefreshToken => Body.TryGetProperty("refresh_token", out var token) ? token.GetString() : null;

        public string? Error => Body.TryGetProperty("error", out var error) ? error.GetString() : null;

        public string? ErrorDescription => Body.TryGetProperty("error_description", out var description) ? description.GetString() : null;

        public int ExpiresIn => Body.TryGetProperty("expires_in", out var expires) ? expires.GetInt32() : 0;

        /// <summary>Status and body: the generated form would read <see cref="AccessToken"/>, which throws on an error.</summary>
        public override string ToString() => $"{Status} {Body.GetRawText()}";
    }

    public static async Task<TokenResponse> RequestTokenAsync(HttpClient anonymous, IDictionary<string, string> form, CancellationToken cancellationToken = default)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await anonymous.PostAsync(new Uri("/connect/token", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new TokenResponse((int)response.StatusCode, body);
    }

    public static Task<TokenResponse> PasswordGrantAsync(
        HttpClient anonymous, string email, string password, string? otp = null, string? scope = null, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = AuthOptions.AdminClientId,
            ["username"] = email,
            ["password"] = password,
        };
        if (otp is not null)
        {
            form["otp"] = otp;
        }

        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return RequestTokenAsync(anonymous, form, cancellationToken);
    }

    /// <summary>Creates a confirmed user holding <paramref name="roles"/> (optionally linked to a customer).</summary>
    public static async Task<OrdoUser> CreateUserAsync(
        IServiceProvider services, string email, string password, IEnumerable<string> roles, Guid? customerId = null)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<OrdoUser>>();
        var user = new OrdoUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            CustomerId = customerId,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Check(await users.CreateAsync(user, password));
        foreach (var role in roles)
        {
            Check(await users.AddToRoleAsync(user, role));
        }

        return user;
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => $"{e.Code}: {e.Description}")));

    public static string NewPassword() => "pw-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
}

/// <summary>Adds a bearer token to every request, fetching a new one shortly before the last expires.</summary>
public sealed class BearerTokenHandler(Func<CancellationToken, Task<TestAuth.TokenResponse>> fetch) : DelegatingHandler
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is null || DateTimeOffset.UtcNow >= _renewAt)
            {
                var response = await fetch(cancellationToken);
                Assert.True(response.Status == 200, $"token request failed: {response.Body}");
                _token = response.AccessToken;
                _renewAt = DateTimeOffset.UtcNow.AddSeconds(response.ExpiresIn - 60);
            }

            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }
}
