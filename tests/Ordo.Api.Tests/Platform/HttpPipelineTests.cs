using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Ordo.Api.Features.Products;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

public abstract class HttpPipelineTests(ApiFixture fixture) : ProviderTests(fixture)
{
    [Fact]
    public async Task Unknown_route_answers_404_problem_json()
    {
        var response = await Client.GetAsync("/api/v1/no-such-thing", Cancellation);
        using var trace = new HttpRequestMessage(HttpMethod.Trace, "/api/v1/no-such-thing");
        var traced = await Client.SendAsync(trace, Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await traced.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Wrong_method_answers_405_problem_json_naming_the_allowed_methods()
    {
        var response = await Client.DeleteAsync("/openapi/v1.json", Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Contains("GET", problem.Detail);
    }

    [Theory]
    [InlineData("/api/v1/products", "GET,HEAD,POST")]
    [InlineData("/api/v1/account/change-password", "POST")]
    [InlineData("/health/live", "GET,HEAD")]
    [InlineData("/openapi/v1.json", "GET,HEAD")]
    [InlineData("/account/login", "GET,HEAD,POST")]
    [InlineData("/.well-known/openid-configuration", "GET,HEAD")]
    [InlineData("/connect/revoke", "POST")]
    [InlineData("/connect/introspect", "GET,HEAD,POST")]
    public async Task TRACE_answers_405_with_an_Allow_header_naming_the_methods_of_the_path(string path, string allowed)
    {
        using var anonymous = Fixture.CreateAnonymousClient();
        foreach (var client in new[] { Client, anonymous })
        {
            using var request = new HttpRequestMessage(HttpMethod.Trace, path);
            request.Headers.Add("X-Echo-Probe", "secret-cookie-value");

            using var response = await client.SendAsync(request, Cancellation);

            var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
            Assert.Equal(allowed.Split(','), response.Content.Headers.Allow.Order(StringComparer.Ordinal));
            Assert.Contains("TRACE", problem.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-cookie-value", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HEAD_answers_like_GET_on_every_GET_route_with_the_same_headers_and_no_body()
    {
        var routes = Fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(endpoint => SampleUrl(endpoint.RoutePattern))
            .Concat(["/health/live", "/health/ready", "/.well-known/openid-configuration", "/.well-known/jwks", "/docs/"])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("/api/v1/products", routes);

        foreach (var url in routes)
        {
            using var get = await Client.GetAsync(url, Cancellation);
            using var headRequest = new HttpRequestMessage(HttpMethod.Head, url);
            using var head = await Client.SendAsync(headRequest, Cancellation);

            Assert.True(get.StatusCode == head.StatusCode, $"HEAD {url} answered {(int)head.StatusCode}, GET {(int)get.StatusCode}");
            Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancellation));
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task HEAD_on_a_resource_carries_its_ETag_and_HEAD_where_only_POST_is_allowed_answers_405_naming_HEAD()
    {
        var created = await Client.SendPostAsync("/api/v1/products", new
        {
            sku = HttpJson.Unique("HEAD"),
            name = "Head lamp",
            unitPrice = new { amount = 1999, currency = "EUR" },
            initialStock = 1,
        });
        var product = await created.ReadAsync<ProductResponse>(HttpStatusCode.Created);
        var url = $"/api/v1/products/{product.Id}";

        using var headRequest = new HttpRequestMessage(HttpMethod.Head, url);
        using var head = await Client.SendAsync(headRequest, Cancellation);
        using var refusedRequest = new HttpRequestMessage(HttpMethod.Head, "/api/v1/account/change-password");
        using var refused = await Client.SendAsync(refusedRequest, Cancellation);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(created.ETag(), head.ETag());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Equal(["POST"], refused.Content.Headers.Allow);
    }

    // A URL for a route template: ids are fresh UUIDs (404 on GET and HEAD alike), other parameters a plausible value.
    private static string SampleUrl(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart { ParameterPolicies: var policies } when policies.Any(p => p.Content == "guid") => Guid.NewGuid().ToString(),
            RoutePatternParameterPart { Name: "documentName" } => "v1",
            RoutePatternParameterPart => "ordo-admin",
            _ => "",
        }))));

    [Fact]
    public async Task Oversized_body_answers_413_problem_json_before_it_is_read()
    {
        using var content = new ByteArrayContent(new byte[(1024 * 1024) + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await Client.PostAsync("/api/v1/anything", content, Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Unhandled_exception_answers_500_without_revealing_internals()
    {
        var response = await Client.GetAsync(TestOnlyEndpoints.FailingPath, Cancellation);

        await response.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.DoesNotContain("secret-internal-detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problem_trace_id_continues_the_callers_W3C_trace()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        var response = await Client.SendAsync(request, Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(traceId, problem.TraceId);
    }

    [Fact]
    public async Task Each_request_logs_one_completion_line_with_method_route_status_duration_and_trace()
    {
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");

        await Client.SendAsync(request, Cancellation);

        var collector = Fixture.Factory.Services.GetRequiredService<FakeLogCollector>();
        var line = Assert.Single(collector.GetSnapshot(), record =>
            record.Id.Name == "RequestCompleted" && record.GetStructuredStateValue("TraceId") == traceId);
        Assert.Equal("GET", line.GetStructuredStateValue("Method"));
        Assert.Equal("/health/live", line.GetStructuredStateValue("Route"));
        Assert.Equal("200", line.GetStructuredStateValue("StatusCode"));
        Assert.True(double.Parse(line.GetStructuredStateValue("DurationMs")!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public async Task Responses_carry_no_server_header()
    {
        var response = await Client.GetAsync("/health/live", Cancellation);

        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready_with_the_database_checked()
    {
        var live = await Client.GetAsync("/health/live", Cancellation);
        var ready = await Client.GetAsync("/health/ready", Cancellation);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database_schema").GetProperty("status").GetString());
    }

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

public sealed class HttpPipelineOnSqlite(SqliteApiFixture fixture) : HttpPipelineTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class HttpPipelineOnPostgres(PostgresApiFixture fixture) : HttpPipelineTests(fixture), IClassFixture<PostgresApiFixture>;
