using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ordo.Api.Infrastructure.Idempotency;
using Ordo.Api.Tests.Infrastructure;
using Ordo.Api.Tests.Infrastructure.Contract;

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
    public async Task The_document_declares_Idempotency_Key_exactly_where_the_endpoint_takes_it_and_marks_its_replays()
    {
        var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json", Cancellation)).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .Where(operation => operation.Value.TryGetProperty("operationId", out _))
            .ToDictionary(operation => operation.Value.GetProperty("operationId").GetString()!, operation => operation.Value, StringComparer.Ordinal);
        var refused = new List<string>();
        var checkedEndpoints = 0;
        foreach (var endpoint in Fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is not { } name || !operations.TryGetValue(name, out var operation))
            {
                continue;
            }

            checkedEndpoints++;
            var use = IdempotencyKeyMetadata.Of(endpoint.Metadata);
            var declared = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().SingleOrDefault(p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header")
                : default;
            var successes = operation.GetProperty("responses").EnumerateObject().Where(response => response.Name.StartsWith('2')).ToList();
            var replayMarked = successes.Where(response => response.Value.TryGetProperty("headers", out var headers) && headers.TryGetProperty("Idempotent-Replayed", out _)).ToList();
            if (use is IdempotencyKeyUse.Optional or IdempotencyKeyUse.Required)
            {
                Assert.True(declared.ValueKind == JsonValueKind.Object, $"{name} takes Idempotency-Key, but the document does not declare it");
                Assert.Equal(use == IdempotencyKeyUse.Required, declared.TryGetProperty("required", out var required) && required.GetBoolean());
                Assert.True(successes.Count == replayMarked.Count, $"{name} can replay its answers, but not every success declares Idempotent-Replayed");
            }
            else
            {
                Assert.True(declared.ValueKind == JsonValueKind.Undefined, $"{name} does not take Idempotency-Key, but the document declares it");
                Assert.True(replayMarked.Count == 0, $"{name} never replays, but the document declares Idempotent-Replayed");
                if (use == IdempotencyKeyUse.Refused)
                {
                    refused.Add(name);
                }
            }
        }

        Assert.True(checkedEndpoints > 50, $"only {checkedEndpoints} endpoints matched an operation: the lookup is broken");
        Assert.Equal(["CreateClient", "CreateWebhook", "RotateClientSecret", "RotateWebhookSecret"], refused.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_example_in_the_document_matches_its_schema()
    {
        var contract = await Fixture.Factory.ContractAsync(Cancellation);
        var failures = new List<string>();
        var checkedExamples = 0;
        foreach (var (example, schemaPointer, where) in Examples(contract.Document, "", isSchema: false))
        {
            checkedExamples++;
            failures.AddRange(contract.Validate(example, schemaPointer, $"the example at {where}"));
        }

        Assert.True(checkedExamples > 20, $"only {checkedExamples} examples found: the walk is broken");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Every example with the pointer of the schema it illustrates: schemas' own, parameters' and media types'.</summary>
    private static IEnumerable<(JsonElement Example, string Schema, string Where)> Examples(JsonElement node, string pointer, bool isSchema)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in node.EnumerateArray())
            {
                foreach (var found in Examples(item, $"{pointer}/{index++}", isSchema))
                {
                    yield return found;
                }
            }

            yield break;
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        if (isSchema && node.TryGetProperty("examples", out var schemaExamples) && schemaExamples.ValueKind == JsonValueKind.Array)
        {
            foreach (var example in schemaExamples.EnumerateArray())
            {
                yield return (example, pointer, pointer);
            }
        }

        if (!isSchema && node.TryGetProperty("schema", out _))
        {
            if (node.TryGetProperty("example", out var example))
            {
                yield return (example, pointer + "/schema", pointer);
            }

            if (node.TryGetProperty("examples", out var named) && named.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in named.EnumerateObject().Where(entry => entry.Value.TryGetProperty("value", out _)))
                {
                    yield return (entry.Value.GetProperty("value"), pointer + "/schema", $"{pointer}/examples/{entry.Name}");
                }
            }
        }

        foreach (var member in node.EnumerateObject())
        {
            var child = $"{pointer}/{ApiContract.Escape(member.Name)}";
            var childIsSchema = member.Name is "schema" or "items" or "additionalProperties" or "not"
                || (isSchema && member.Name is "allOf" or "anyOf" or "oneOf")
                || pointer.EndsWith("/properties", StringComparison.Ordinal) || pointer == "/components/schemas";
            if (member.Name is "properties" or "schemas" && member.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in member.Value.EnumerateObject())
                {
                    foreach (var found in Examples(inner.Value, $"{child}/{ApiContract.Escape(inner.Name)}", isSchema: member.Name == "properties" ? isSchema : pointer == "/components"))
                    {
                        yield return found;
                    }
                }

                continue;
            }

            foreach (var found in Examples(member.Value, child, childIsSchema))
            {
                yield return found;
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
            if (script != "scalar.js")
            {
                // The integration's own loader is small and names no host; the bundle holds example URLs in its
                // strings, which is why the page's policy below is what keeps the browser on this origin.
                Assert.Empty(AbsoluteUrl().Matches(await asset.Content.ReadAsStringAsync(Cancellation)));
            }
        }

        Assert.Empty(AbsoluteUrl().Matches(html));
    }

    [Fact]
    public async Task Interactive_docs_load_nothing_from_other_hosts_and_send_nothing_to_them()
    {
        var page = await Client.GetAsync("/docs/", Cancellation);
        var html = await page.Content.ReadAsStringAsync(Cancellation);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // The browser enforces it: every fetch directive names this origin (or inline data) only, scripts need the nonce.
        var policy = page.Headers.GetValues("Content-Security-Policy").Single()
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(directive => directive.Split(' ')[0], directive => directive.Split(' ')[1..]);
        Assert.Equal(["'self'"], policy["default-src"]);
        foreach (var (directive, sources) in policy)
        {
            Assert.All(sources, source => Assert.True(
                source is "'self'" or "'none'" or "'unsafe-inline'" or "data:" or "blob:" || source.StartsWith("'nonce-", StringComparison.Ordinal),
                $"{directive} allows {source}"));
        }

        Assert.DoesNotContain("'unsafe-inline'", policy["script-src"]);
        var nonce = Assert.Single(policy["script-src"], source => source.StartsWith("'nonce-", StringComparison.Ordinal))[7..^1];
        Assert.All(ScriptTag().Matches(html), tag => Assert.Contains($"nonce=\"{nonce}\"", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(nonce, (await Client.GetAsync("/docs/", Cancellation)).Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        // Scalar's own defaults that would reach its servers: CDN fonts, telemetry, the AI agent, MCP, the client button,
        // the developer toolbar.
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("\"mcp\":{\"disabled\":true}", html, StringComparison.Ordinal);
        Assert.Contains("\"hideClientButton\":true", html, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("proxyUrl", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<script[^>]+src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("https?://[a-z0-9.-]+", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();
}
