using System.Net;
using System.Text;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Infrastructure.Contract;

namespace Ordo.Api.Tests.Platform;

/// <summary>
/// The contract check itself: it must fail on drift, or the suite's green means nothing. Runs against the checked-in
/// document (which <see cref="ApiDocumentTests"/> keeps equal to the live one).
/// </summary>
public sealed class ContractValidatorTests
{
    private const string ProductId = "019ac4a1-7d2e-7c41-9a0b-5e6f7a8b9c0d";

    private static readonly ApiContract Contract =
        ApiContract.For(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "openapi.json")));

    private static readonly string Product = """
        {"id": "019ac4a1-7d2e-7c41-9a0b-5e6f7a8b9c0d", "sku": "MUG-BLUE", "name": "Blue mug", "description": null,
         "unitPrice": {"amount": 1999, "currency": "EUR"}, "status": "active", "stockOnHand": 25, "stockReserved": 2,
         "stockAvailable": 23, "metadata": {}, "createdAt": "2026-11-27T09:30:00+00:00", "updatedAt": "2026-11-27T09:30:00+00:00"}
        """;

    private static readonly string Problem = """
        {"type": "https://ordo.dev/problems/not_found", "title": "Not Found", "status": 404, "detail": "No product exists with this id.",
         "code": "not_found", "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"}
        """;

    [Fact]
    public void A_response_as_documented_passes()
    {
        Assert.Empty(Contract.Check(GetProduct(200, Product, etag: "\"3\"")));
        Assert.Empty(Contract.Check(GetProduct(404, Problem, mediaType: "application/problem+json")));
    }

    [Fact]
    public void An_undocumented_status_fails()
    {
        var violation = Assert.Single(Contract.Check(GetProduct(418, Problem, mediaType: "application/problem+json")));
        Assert.Contains("answered 418, which is not documented", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_property_fails()
    {
        var violation = Assert.Single(Contract.Check(GetProduct(200, Product.Replace("\"sku\": \"MUG-BLUE\",", "", StringComparison.Ordinal), etag: "\"3\"")));
        Assert.Contains("required", violation, StringComparison.Ordinal);
        Assert.Contains("sku", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_property_where_none_is_allowed_fails()
    {
        var violation = Assert.Single(Contract.Check(GetProduct(200, Product.Replace("{\"id\"", "{\"costPrice\": 700, \"id\"", StringComparison.Ordinal), etag: "\"3\"")));
        Assert.Contains("/costPrice", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_without_its_code_or_with_an_unlisted_member_fails()
    {
        Assert.NotEmpty(Contract.Check(GetProduct(404, Problem.Replace("\"code\": \"not_found\",", "", StringComparison.Ordinal), mediaType: "application/problem+json")));
        Assert.NotEmpty(Contract.Check(GetProduct(404, Problem.Replace("{", "{\"internalHost\": \"10.0.0.7\", ", StringComparison.Ordinal), mediaType: "application/problem+json")));
    }

    [Fact]
    public void A_documented_header_that_is_missing_or_an_undocumented_one_that_is_sent_fails()
    {
        var missing = Assert.Single(Contract.Check(GetProduct(200, Product, etag: null)));
        Assert.Contains("without the required header ETag", missing, StringComparison.Ordinal);
        var extra = Assert.Single(Contract.Check(GetProduct(404, Problem, mediaType: "application/problem+json", etag: "\"3\"")));
        Assert.Contains("with a ETag header that the document does not mention", extra, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replay_mark_passes_where_the_operation_replays_and_fails_where_it_never_does()
    {
        var replayed = new Exchange(
            "POST", "/api/v1/products", "", Headers(("Idempotency-Key", "k-1")), "application/json",
            Encoding.UTF8.GetBytes("""{"sku": "MUG-BLUE", "name": "Blue mug", "unitPrice": {"amount": 1999, "currency": "EUR"}}"""),
            201, Headers(("ETag", "\"1\""), ("Location", "/api/v1/products/" + ProductId), ("Idempotent-Replayed", "true")), "application/json", Encoding.UTF8.GetBytes(Product), true);
        Assert.Empty(Contract.Check(replayed));

        var read = GetProduct(200, Product, etag: "\"3\"");
        var marked = read with { ResponseHeaders = Headers(("ETag", "\"3\""), ("Idempotent-Replayed", "true")) };
        var violation = Assert.Single(Contract.Check(marked));
        Assert.Contains("with a Idempotent-Replayed header that the document does not mention", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_of_an_undocumented_content_type_fails()
    {
        var violation = Assert.Single(Contract.Check(GetProduct(200, Product, mediaType: "text/plain", etag: "\"3\"")));
        Assert.Contains("not one of the documented", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_the_server_accepted_must_be_one_the_document_allows()
    {
        var tooLong = new string('x', 201);
        var exchange = new Exchange(
            "POST", "/api/v1/products", "", Headers(), "application/json",
            Encoding.UTF8.GetBytes($$$"""{"sku": "MUG-1", "name": "{{{tooLong}}}", "unitPrice": {"amount": 1, "currency": "EUR"}}"""),
            201, Headers(("ETag", "\"1\""), ("Location", "/api/v1/products/" + ProductId)), "application/json", Encoding.UTF8.GetBytes(Product), true);

        var violation = Assert.Single(Contract.Check(exchange));
        Assert.Contains("the accepted request body", violation, StringComparison.Ordinal);
        Assert.Contains("/name", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_accepted_write_without_a_required_precondition_fails()
    {
        var exchange = new Exchange(
            "PATCH", $"/api/v1/products/{ProductId}", "", Headers(), "application/merge-patch+json", Encoding.UTF8.GetBytes("""{"name": "Mug"}"""),
            200, Headers(("ETag", "\"4\"")), "application/json", Encoding.UTF8.GetBytes(Product), true);

        var violation = Assert.Single(Contract.Check(exchange));
        Assert.Contains("without the header parameter If-Match", violation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_handler_in_every_test_client_fails_the_request_that_departs_from_the_document()
    {
        using var handler = new ContractCheckingHandler(_ => Task.FromResult(Contract))
        {
            InnerHandler = new StubHandler(new HttpResponseMessage(HttpStatusCode.Accepted)),
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };

        var failure = await Assert.ThrowsAsync<ContractViolationException>(() => client.GetAsync($"/api/v1/products/{ProductId}", TestContext.Current.CancellationToken));
        Assert.Contains("answered 202, which is not documented", failure.Message, StringComparison.Ordinal);
    }

    private static Exchange GetProduct(int status, string body, string mediaType = "application/json", string? etag = null)
    {
        var headers = etag is null ? Headers() : Headers(("ETag", etag));
        return new Exchange("GET", $"/api/v1/products/{ProductId}", "", Headers(), null, null, status, headers, mediaType, Encoding.UTF8.GetBytes(body), true);
    }

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(header => header.Name, header => header.Value, StringComparer.OrdinalIgnoreCase);

    private sealed class StubHandler(HttpResponseMessage response) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(response);
    }
}
