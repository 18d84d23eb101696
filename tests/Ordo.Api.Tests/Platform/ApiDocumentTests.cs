using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ordo.Api.Tests.Infrastructure;

namespace Ordo.Api.Tests.Platform;

public sealed partial class ApiDocumentTests(SqliteApiFixture fixture) : ProviderTests(fixture), IClassFixture<SqliteApiFixture>
{
    [Fact]
    public async Task The_OpenAPI_document_is_version_3_1_and_matches_the_checked_in_copy()
    {
        var json = await Client.GetStringAsync("/openapi/v1.json", Cancellation);

        var document = JsonDocument.Parse(json).RootElement;
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Ordo API", document.GetProperty("info").GetProperty("title").GetString());
        RepositoryFiles.AssertMatches("docs/openapi.json", json);
    }

    [Fact]
    public async Task Every_operation_is_named_described_and_documents_its_errors()
    {
        var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json", Cancellation)).RootElement;

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{where} has no operationId");
                Assert.True(operation.Value.TryGetProperty("summary", out _), $"{where} has no summary");
                var statuses = operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
                Assert.Contains(statuses, status => status.StartsWith('2'));
                Assert.True(statuses.Any(status => status.StartsWith('4')), $"{where} documents no error response");
            }
        }
    }

    [Fact]
    public async Task Interactive_docs_render_from_assets_served_by_the_service_itself()
    {
        var page = await Client.GetAsync("/docs", Cancellation);
        if (page.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect)
        {
            page = await Client.GetAsync(page.Headers.Location, Cancellation);
        }

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Cancellation);
        var scripts = ScriptSource().Matches(html).Select(match => match.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            // No CDN: the docs must work on a machine without internet.
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), script);
            var asset = await Client.GetAsync(new Uri(page.RequestMessage!.RequestUri!, script), Cancellation);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }
    }

    [GeneratedRegex("<script[^>]+src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
