using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Security;

/// <summary>
/// Closed by default, proven from the app's own endpoint data: every endpoint is either on the explicit public list
/// or refuses an anonymous call, and every permission-guarded endpoint answers each role exactly as its grants say.
/// </summary>
public sealed partial class EndpointAccessTests(SqliteApiFixture fixture) : IClassFixture<SqliteApiFixture>
{
    /// <summary>The only endpoints anyone may call without a token. Adding one is a security decision: it must be listed here.</summary>
    private static readonly HashSet<string> PublicEndpoints =
    [
        "GET /health/live",
        "GET /health/ready",
        "GET /openapi/{documentName}.json",
        "GET /docs/{documentName?}",
        "GET /docs/scalar.js",
        "GET /docs/scalar.aspnetcore.js",
        "GET /docs/favicon.svg",
        "POST /connect/token",
        "GET /connect/authorize",
        "POST /connect/authorize",
        "GET /connect/endsession",
        "POST /connect/endsession",
        "GET /account/login",
        "POST /account/login",
        "GET /account/pages.css",
        "POST /api/v1/account/register",
        "POST /api/v1/account/confirm-email",
        "POST /api/v1/account/confirm-email-change",
        "GET /account/confirm-email-change",
        "POST /account/confirm-email-change",
        "GET /account/register",
        "POST /account/register",
        "GET /account/confirm-email",
        "POST /account/confirm-email",
        "GET /account/forgot-password",
        "POST /account/forgot-password",
        "GET /account/reset-password",
        "POST /account/reset-password",
        "POST /api/v1/account/forgot-password",
        "POST /api/v1/account/reset-password",
    ];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private IEnumerable<(string Method, RouteEndpoint Endpoint)> Endpoints() =>
        fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, endpoint)));

    private static string Key(string method, RouteEndpoint endpoint) => $"{method} {endpoint.RoutePattern.RawText}";

    /// <summary>
    /// The admin panel's static files (src/Ordo.Admin): one endpoint per file, listed by the build, not here. Only
    /// endpoints made from the build's asset manifest count: any other endpoint under /admin must be on the list.
    /// </summary>
    private static bool IsPanelFile(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null
        && endpoint.RoutePattern.RawText!.TrimStart('/').StartsWith("admin/", StringComparison.Ordinal);

    [Fact]
    public void Anonymous_endpoints_are_exactly_the_public_list()
    {
        var anonymous = Endpoints()
            .Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null && !IsPanelFile(e.Endpoint))
            .Select(e => Key(e.Method, e.Endpoint))
            .ToHashSet();

        Assert.Empty(anonymous.Except(PublicEndpoints));
        Assert.Empty(PublicEndpoints.Except(anonymous)); // the list names no endpoint that is gone
    }

    [Fact]
    public void The_admin_panel_files_are_anonymous_reads_only()
    {
        var panel = Endpoints().Where(e => IsPanelFile(e.Endpoint)).ToList();

        Assert.Contains(panel, e => e.Endpoint.RoutePattern.RawText!.TrimStart('/') == "admin/index.html");
        Assert.All(panel, e => Assert.True(
            e.Method is "GET" or "HEAD" && e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null,
            $"{Key(e.Method, e.Endpoint)} is not an anonymous read"));
    }

    [Fact]
    public async Task Every_other_endpoint_refuses_a_call_without_a_token()
    {
        var anonymous = fixture.CreateAnonymousClient();
        var guarded = Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null).ToList();
        Assert.NotEmpty(guarded);

        var answers = new List<string>();
        foreach (var (method, endpoint) in guarded)
        {
            using var response = await anonymous.SendAsync(RequestFor(method, endpoint), Cancellation);
            answers.Add($"{Key(method, endpoint)} -> {(int)response.StatusCode}");
        }

        Assert.All(answers, answer => Assert.EndsWith("-> 401", answer, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_api_endpoint_declares_a_permission_or_is_self_service()
    {
        var undeclared = Endpoints()
            .Where(e => e.Endpoint.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal))
            .Where(e => !e.Endpoint.RoutePattern.RawText!.StartsWith("/api/v1/account", StringComparison.Ordinal))
            .Where(e => e.Endpoint.Metadata.GetMetadata<PermissionMetadata>() is null)
            .Select(e => Key(e.Method, e.Endpoint))
            .ToList();

        Assert.Empty(undeclared);
    }

    [Fact]
    public async Task Each_role_reaches_exactly_the_endpoints_its_permissions_allow()
    {
        var guarded = Endpoints()
            .Select(e => (e.Method, e.Endpoint, Permission: e.Endpoint.Metadata.GetMetadata<PermissionMetadata>()?.Name))
            .Where(e => e.Permission is not null)
            .ToList();
        var mismatches = new List<string>();
        foreach (var (role, definition) in BuiltInRoles.Definitions)
        {
            var (client, _) = await fixture.Factory.CreateClientWithRolesAsync([role], role == BuiltInRoles.Customer ? Guid.NewGuid() : null);
            foreach (var (method, endpoint, permission) in guarded)
            {
                var granted = definition.Permissions.Contains(permission!);
                using var response = await client.SendAsync(RequestFor(method, endpoint), Cancellation);
                if (granted == await IsRefusedByPolicyAsync(response))
                {
                    mismatches.Add($"{role}: {Key(method, endpoint)} ({permission}) answered {(int)response.StatusCode}");
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task An_integration_client_reaches_only_what_its_scopes_grant()
    {
        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await applications.CreateAsync(new OpenIddictApplicationDescriptor
            {
                ClientId = "int-catalog-reader",
                ClientSecret = secret,
                ClientType = OpenIddictConstants.ClientTypes.Confidential,
                Permissions =
                {
                    OpenIddictConstants.Permissions.Endpoints.Token,
                    OpenIddictConstants.Permissions.GrantTypes.ClientCredentials,
                    OpenIddictConstants.Permissions.Prefixes.Scope + Permissions.CatalogRead,
                },
            }, Cancellation);
        }

        var anonymous = fixture.CreateAnonymousClient();
        var token = await TestAuth.RequestTokenAsync(anonymous, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "int-catalog-reader",
            ["client_secret"] = secret,
            ["scope"] = Permissions.CatalogRead,
        }, Cancellation);
        Assert.Equal(200, token.Status);
        var overreach = await TestAuth.RequestTokenAsync(anonymous, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "int-catalog-reader",
            ["client_secret"] = secret,
            ["scope"] = Permissions.CatalogWrite,
        }, Cancellation);
        Assert.Equal(400, overreach.Status);
        Assert.NotNull(overreach.Error);

        var client = fixture.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        var mismatches = new List<string>();
        foreach (var (method, endpoint) in Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<PermissionMetadata>() is not null))
        {
            var granted = endpoint.Metadata.GetMetadata<PermissionMetadata>()!.Name == Permissions.CatalogRead;
            using var response = await client.SendAsync(RequestFor(method, endpoint), Cancellation);
            if (granted == await IsRefusedByPolicyAsync(response))
            {
                mismatches.Add($"{Key(method, endpoint)} answered {(int)response.StatusCode}");
            }
        }

        Assert.Empty(mismatches);
    }

    /// <summary>
    /// 403 from the permission policy (problem code <c>permission_missing</c>), as opposed to a rule's own refusal (e.g.
    /// <c>customer_account</c>) or any other answer of an endpoint the caller was let into.
    /// </summary>
    private static async Task<bool> IsRefusedByPolicyAsync(HttpResponseMessage response)
    {
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return false;
        }

        return (await response.ReadAsync<Problem>(HttpStatusCode.Forbidden)).Code == "permission_missing";
    }

    /// <summary>A request the endpoint's route accepts: route parameters filled with fresh ids, an empty JSON body.</summary>
    private static HttpRequestMessage RequestFor(string method, RouteEndpoint endpoint)
    {
        var path = RouteParameter().Replace(endpoint.RoutePattern.RawText!, match =>
            match.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "x");
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, method == "PATCH" ? "application/merge-patch+json" : "application/json");
        }

        return request;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
