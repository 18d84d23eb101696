using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Api.Tests.Account;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

/// <summary>A low account budget, so that both rate limiters (per IP, per account) can be reached in a few requests.</summary>
public sealed class ProblemNegotiationFixture : AccountSqliteFixture
{
    public const int AccountPermits = 2;
    public const int IpPermits = 4;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:Account:PermitLimit"] = AccountPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Account:IpPermitLimit"] = IpPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:Account:Window"] = "00:10:00",
    };
}

/// <summary>Errors are RFC 9457 problem+json whatever the client says it accepts: never an empty body, never a 500.</summary>
public sealed class ProblemNegotiationTests(ProblemNegotiationFixture fixture) : IClassFixture<ProblemNegotiationFixture>
{
    private static readonly string?[] AcceptValues = ["application/xml", "text/html", "image/png", "*/*", null];

    public static TheoryData<string?> Accepts() => [.. AcceptValues];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task Every_error_status_is_problem_json_whatever_the_Accept_header(string? accept)
    {
        var errorsBefore = ErrorLogCount();
        using var admin = fixture.CreateClient();
        using var anonymous = fixture.CreateAnonymousClient();
        var (warehouse, _) = await fixture.Factory.CreateClientWithRolesAsync([BuiltInRoles.Warehouse]);
        using var _warehouse = warehouse;

        // 400 from the exception handler (a field the request doesn't have) and from a handler's own validation.
        await (await SendAsync(admin, HttpMethod.Post, "/api/v1/products", accept, Json("""{"sku":"A-1","name":"x","bogus":1}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_json");
        await (await SendAsync(admin, HttpMethod.Get, "/api/v1/products?limit=0", accept))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        // 401 (authentication challenge) and 403 (authorization forbid).
        await (await SendAsync(anonymous, HttpMethod.Get, "/api/v1/products", accept)).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await SendAsync(warehouse, HttpMethod.Get, "/api/v1/users", accept)).AssertProblemAsync(HttpStatusCode.Forbidden, "permission_missing");
        // 404 from routing (status-code pages) and from a handler.
        await (await SendAsync(admin, HttpMethod.Get, "/api/v1/no-such-thing", accept)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await SendAsync(admin, HttpMethod.Get, $"/api/v1/products/{Guid.NewGuid()}", accept)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        // 405 from routing and from the TRACE refusal.
        await (await SendAsync(admin, HttpMethod.Delete, "/api/v1/products", accept)).AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await (await SendAsync(anonymous, HttpMethod.Trace, "/api/v1/products", accept)).AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        // 413 from the body limit, 415 from the JSON binder.
        using (var oversized = new ByteArrayContent(new byte[(1024 * 1024) + 1]))
        {
            oversized.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await (await SendAsync(admin, HttpMethod.Post, "/api/v1/products", accept, oversized))
                .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        }

        await (await SendAsync(admin, HttpMethod.Post, "/api/v1/products", accept, HttpJson.Body("{}", "text/plain")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        Assert.Equal(errorsBefore, ErrorLogCount());
    }

    [Fact]
    public async Task Rate_limited_requests_answer_429_problem_json_from_both_limiters_to_clients_that_accept_only_XML()
    {
        var errorsBefore = ErrorLogCount();
        using var client = fixture.CreateAnonymousClient();
        var email = AccountHttp.NewEmail("limited");
        var statuses = new List<HttpStatusCode>();

        // Past the per-account budget (an endpoint filter), then past the per-IP budget (the rate-limiting middleware).
        for (var attempt = 0; attempt < ProblemNegotiationFixture.IpPermits + 2; attempt++)
        {
            using var response = await SendAsync(client, HttpMethod.Post, "/api/v1/account/forgot-password", "application/xml", HttpJson.Body(new { email }));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(
            [.. Enumerable.Repeat(HttpStatusCode.Accepted, ProblemNegotiationFixture.AccountPermits),
             .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, ProblemNegotiationFixture.IpPermits + 2 - ProblemNegotiationFixture.AccountPermits)],
            statuses);
        foreach (var accept in AcceptValues)
        {
            using var response = await SendAsync(client, HttpMethod.Post, "/api/v1/account/forgot-password", accept, HttpJson.Body(new { email = AccountHttp.NewEmail("other") }));
            await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        }

        Assert.Equal(errorsBefore, ErrorLogCount());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? accept, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await client.SendAsync(request, Cancellation);
    }

    private static StringContent Json(string json) => HttpJson.Body(json);

    private int ErrorLogCount() =>
        fixture.Factory.Services.GetRequiredService<FakeLogCollector>().GetSnapshot().Count(record => record.Level >= LogLevel.Error);
}
