using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Pointer;
using Json.Schema;

namespace Ordo.Api.Tests.Infrastructure.Contract;

/// <summary>One request and the response it got, as far as the contract check needs them.</summary>
public sealed record Exchange(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> RequestHeaders,
    string? RequestMediaType,
    byte[]? RequestBody,
    int Status,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    string? ResponseMediaType,
    byte[]? ResponseBody,
    bool ResponseHasBody);

/// <summary>
/// The OpenAPI document as an executable contract: finds the operation a request reached and checks the answer
/// against it (documented status, content type, headers, body schema). Successful requests are checked too, since
/// the server accepting them means the document must allow them. Built once per document text.
/// </summary>
public sealed partial class ApiContract
{
    private static readonly Uri DocumentUri = new("https://ordo.test/openapi.json");
    private static readonly ConcurrentDictionary<string, ApiContract> Loaded = new(StringComparer.Ordinal);

    /// <summary>Headers that say something a client relies on: sent only where the document says they may be.</summary>
    private static readonly string[] ContractHeaders = ["ETag", "Location", "Retry-After", "Link", "Allow", "WWW-Authenticate", "Idempotent-Replayed"];

    private readonly JsonElement _document;
    private readonly BuildOptions _build;

    // Building registers schemas in a shared registry and evaluation resolves references through it: one at a time.
    private readonly Lock _schemaLock = new();
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly List<PathTemplate> _paths;
    private readonly HashSet<string> _documentedHeaders;

    static ApiContract()
    {
        // OpenAPI's integer and number formats: checked, not merely annotations.
        FormatRegistry.Global.Register(new PredicateFormat("int32", value => value.ValueKind != JsonValueKind.Number || value.TryGetInt32(out _)));
        FormatRegistry.Global.Register(new PredicateFormat("int64", value => value.ValueKind != JsonValueKind.Number || value.TryGetInt64(out _)));
        FormatRegistry.Global.Register(new PredicateFormat("double", _ => true));
        FormatRegistry.Global.Register(new PredicateFormat("float", _ => true));
    }

    private ApiContract(string json)
    {
        Json = json;
        _document = JsonDocument.Parse(json).RootElement.Clone();
        _build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        _build.SchemaRegistry.Register(new JsonElementBaseDocument(_document, DocumentUri));
        _paths = [.. _document.GetProperty("paths").EnumerateObject()
            .Select(path => new PathTemplate(path.Name, path.Value))
            .OrderByDescending(path => path.LiteralSegments)];
        _documentedHeaders = new HashSet<string>(ContractHeaders, StringComparer.OrdinalIgnoreCase);
        foreach (var operation in _paths.SelectMany(path => path.Operations.Values))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                if (Resolve(response.Value).TryGetProperty("headers", out var headers))
                {
                    _documentedHeaders.UnionWith(headers.EnumerateObject().Select(header => header.Name));
                }
            }
        }
    }

    public string Json { get; }

    public JsonElement Document => _document;

    public static ApiContract For(string json) => Loaded.GetOrAdd(json, text => new ApiContract(text));

    /// <summary>Every way the exchange departs from the document; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(Exchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var violations = new List<string>();
        var method = exchange.Method == "HEAD" ? "get" : exchange.Method.ToLowerInvariant();
        var match = _paths.Select(path => (Path: path, Values: path.Match(exchange.Path, this))).FirstOrDefault(found => found.Values is not null);
        if (match.Path is null || !match.Path.Operations.TryGetValue(method, out var operation))
        {
            // No operation answered: only what the document says of every error applies (HEAD answers carry no body).
            if (IsProblem(exchange.ResponseMediaType) && exchange.Method != "HEAD" && exchange.ResponseBody is { } problem)
            {
                violations.AddRange(Validate(problem, "/components/schemas/ProblemDetails", "problem body"));
            }

            CheckCatalogued(exchange, violations);

            return Label(violations, $"{exchange.Method} {exchange.Path}");
        }

        var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
        var responses = operation.GetProperty("responses");
        var (responseKey, response) = FindResponse(responses, status);
        if (response is not { } documented)
        {
            violations.Add($"answered {status}, which is not documented (documented: {string.Join(", ", responses.EnumerateObject().Select(r => r.Name))})");
        }
        else
        {
            var pointer = $"/paths/{Escape(match.Path.Template)}/{method}/responses/{responseKey}";
            CheckResponse(exchange, Resolve(documented), pointer, violations);
        }

        if (exchange.Status is >= 200 and < 300)
        {
            CheckAcceptedRequest(exchange, operation, match.Path, method, violations);
        }

        CheckCatalogued(exchange, violations);

        var operationId = operation.TryGetProperty("operationId", out var id) ? id.GetString() : null;
        return Label(violations, $"{exchange.Method} {exchange.Path} ({operationId})");
    }

    /// <summary>A problem's <c>code</c> must be one the error catalogue lists, so a code written around it fails the test that reaches it.</summary>
    private static void CheckCatalogued(Exchange exchange, List<string> violations)
    {
        if (!IsProblem(exchange.ResponseMediaType) || exchange.ResponseBody is not { Length: > 0 } body)
        {
            return;
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object
                && problem.RootElement.TryGetProperty("code", out var member) && member.ValueKind == JsonValueKind.String
                && member.GetString() is { } code && !Ordo.Api.Http.ErrorCatalogue.Lists(code))
            {
                violations.Add($"answered a problem with code '{code}', which no error catalogue lists: declare it in its area's <Area>Errors (see docs/api.md)");
            }
        }
        catch (JsonException)
        {
            // Not JSON: the schema check says so.
        }
    }

    /// <summary>Validates a JSON value against the schema at <paramref name="location"/> (a JSON pointer) in the document.</summary>
    public IReadOnlyList<string> Validate(ReadOnlySpan<byte> json, string location, string what)
    {
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(json.ToArray()).RootElement;
        }
        catch (JsonException ex)
        {
            return [$"{what} is not JSON: {ex.Message}"];
        }

        return Validate(instance, location, what);
    }

    public IReadOnlyList<string> Validate(JsonElement instance, string location, string what)
    {
        EvaluationResults results;
        lock (_schemaLock)
        {
            var schema = _schemas.GetOrAdd(location, at => JsonSchema.Build(
                JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["$ref"] = $"{DocumentUri}#{string.Join('/', at.Split('/').Select(Uri.EscapeDataString))}" }),
                _build,
                new Uri($"https://ordo.test/check/{Guid.NewGuid():N}")));
            results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        }

        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? []).Append(results)
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} {error.Key}: {error.Value}"))
            .Distinct()
            .Take(10)
            .ToList();
        var shown = instance.GetRawText();
        return [$"{what} does not match {location}: {string.Join("; ", errors)} — body: {(shown.Length > 600 ? shown[..600] + "…" : shown)}"];
    }

    /// <summary>The component or inline object behind a <c>$ref</c> (one level, as OpenAPI response and parameter refs are).</summary>
    public JsonElement Resolve(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference)
            && reference.GetString() is { } target && target.StartsWith("#/", StringComparison.Ordinal))
        {
            element = JsonPointer.Parse(target[1..]).Evaluate(_document)
                ?? throw new InvalidOperationException($"Dangling $ref {target} in the OpenAPI document.");
        }

        return element;
    }

    private void CheckResponse(Exchange exchange, JsonElement response, string pointer, List<string> violations)
    {
        var content = response.TryGetProperty("content", out var media) ? media : default;
        var hasBody = exchange.ResponseHasBody && exchange.Method != "HEAD";
        if (hasBody && content.ValueKind != JsonValueKind.Object)
        {
            violations.Add($"answered {exchange.Status} with a {exchange.ResponseMediaType ?? "untyped"} body, but the document describes no body");
        }
        else if (hasBody)
        {
            var mediaType = exchange.ResponseMediaType ?? "";
            var entry = content.EnumerateObject().FirstOrDefault(candidate => MediaMatches(candidate.Name, mediaType));
            if (entry.Value.ValueKind == JsonValueKind.Undefined)
            {
                violations.Add($"answered {exchange.Status} as '{mediaType}', not one of the documented {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}");
            }
            else if (exchange.ResponseBody is { } body && IsJson(mediaType) && entry.Value.TryGetProperty("schema", out _))
            {
                violations.AddRange(Validate(body, $"{pointer}/content/{Escape(entry.Name)}/schema", $"the {exchange.Status} body"));
            }
        }
        else if (content.ValueKind == JsonValueKind.Object && exchange.Method != "HEAD" && exchange.Status is not (204 or 304))
        {
            violations.Add($"answered {exchange.Status} without the body the document describes");
        }

        var headers = response.TryGetProperty("headers", out var documentedHeaders) ? documentedHeaders : default;
        if (headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject())
            {
                var definition = Resolve(header.Value);
                var required = definition.TryGetProperty("required", out var flag) && flag.GetBoolean();
                if (!exchange.ResponseHeaders.TryGetValue(header.Name, out var value))
                {
                    if (required)
                    {
                        violations.Add($"answered {exchange.Status} without the required header {header.Name}");
                    }

                    continue;
                }

                if (definition.TryGetProperty("schema", out _))
                {
                    violations.AddRange(Validate(
                        Typed(value, definition.GetProperty("schema")),
                        $"{pointer}/headers/{Escape(header.Name)}/schema",
                        $"header {header.Name}"));
                }
            }
        }

        foreach (var sent in exchange.ResponseHeaders.Keys.Where(_documentedHeaders.Contains))
        {
            var documented = headers.ValueKind == JsonValueKind.Object
                && headers.EnumerateObject().Any(header => string.Equals(header.Name, sent, StringComparison.OrdinalIgnoreCase));
            if (!documented)
            {
                violations.Add($"answered {exchange.Status} with a {sent} header that the document does not mention for it");
            }
        }
    }

    /// <summary>A 2xx means the server took the request: so must the document.</summary>
    private void CheckAcceptedRequest(Exchange exchange, JsonElement operation, PathTemplate path, string method, List<string> violations)
    {
        var parameters = path.Parameters(method).ToList();
        var query = ParseQuery(exchange.Query);
        foreach (var (parameter, index) in parameters)
        {
            var name = parameter.GetProperty("name").GetString()!;
            var location = parameter.GetProperty("in").GetString();
            var required = parameter.TryGetProperty("required", out var flag) && flag.GetBoolean();
            if (location is "query" && parameter.TryGetProperty("style", out var style) && style.GetString() == "deepObject")
            {
                // name[key]=value pairs make one object.
                var pairs = query.Where(pair => IsMember(pair.Key, name)).ToDictionary(pair => pair.Key[(name.Length + 1)..^1], pair => pair.Value);
                if (pairs.Count > 0)
                {
                    violations.AddRange(Validate(
                        JsonSerializer.SerializeToElement(pairs), $"{index}/schema", $"the accepted query parameter {name}"));
                }

                continue;
            }

            string? value = location switch
            {
                "query" => query.TryGetValue(name, out var given) ? given : null,
                "header" => exchange.RequestHeaders.TryGetValue(name, out var given) ? given : null,
                _ => null,
            };
            if (location is "path")
            {
                continue; // matched already, against its schema
            }

            if (value is null)
            {
                if (required)
                {
                    violations.Add($"succeeded without the {location} parameter {name}, which the document marks required");
                }

                continue;
            }

            if (parameter.TryGetProperty("schema", out var schema))
            {
                violations.AddRange(Validate(Typed(value, schema), $"{index}/schema", $"the accepted {location} parameter {name}"));
            }
        }

        foreach (var name in query.Keys.Where(name => !parameters.Any(p => p.Parameter.GetProperty("in").GetString() == "query"
            && (p.Parameter.GetProperty("name").GetString() == name || IsMember(name, p.Parameter.GetProperty("name").GetString()!)))))
        {
            violations.Add($"succeeded with the query parameter '{name}', which the document does not mention");
        }

        if (exchange.RequestBody is not { Length: > 0 } body || exchange.RequestMediaType is not { } mediaType || IsEmptyObject(body))
        {
            return; // an empty JSON object stands for "no body" (test helpers post one to bodiless actions)
        }

        if (!operation.TryGetProperty("requestBody", out var requestBody)
            || !Resolve(requestBody).TryGetProperty("content", out var content))
        {
            violations.Add($"succeeded with a {mediaType} body, but the document describes no request body");
            return;
        }

        var entry = content.EnumerateObject().FirstOrDefault(candidate => MediaMatches(candidate.Name, mediaType));
        if (entry.Value.ValueKind == JsonValueKind.Undefined)
        {
            violations.Add($"succeeded with a '{mediaType}' body, not one of the documented {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}");
        }
        else if (IsJson(mediaType) && entry.Value.TryGetProperty("schema", out _))
        {
            violations.AddRange(Validate(
                body,
                $"/paths/{Escape(path.Template)}/{method}/requestBody/content/{Escape(entry.Name)}/schema",
                "the accepted request body"));
        }
    }

    private static (string Key, JsonElement? Response) FindResponse(JsonElement responses, string status)
    {
        foreach (var key in new[] { status, status[0] + "XX", "default" })
        {
            if (responses.TryGetProperty(key, out var response))
            {
                return (key, response);
            }
        }

        return ("", null);
    }

    /// <summary>A header or query value as the JSON its schema describes (integers as numbers, arrays split at commas, the rest as strings).</summary>
    internal static JsonElement Typed(string value, JsonElement schema)
    {
        var types = schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()]
            : [];
        if ((types.Contains("integer") || types.Contains("number")) && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return JsonDocument.Parse(value).RootElement;
        }

        if (types.Contains("boolean") && value is "true" or "false")
        {
            return JsonDocument.Parse(value).RootElement;
        }

        // Arrays in a query are comma-separated (style form, explode false; repeats are joined the same way).
        if (types.Contains("array"))
        {
            return JsonSerializer.SerializeToElement(value.Split(','));
        }

        return JsonSerializer.SerializeToElement(value);
    }

    /// <summary><c>metadata[erpId]</c> is a member of the deepObject parameter <c>metadata</c>.</summary>
    private static bool IsMember(string queryName, string parameter) =>
        queryName.Length > parameter.Length + 2 && queryName.StartsWith(parameter + "[", StringComparison.Ordinal) && queryName.EndsWith(']');

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0].Replace('+', ' '));
            var value = parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
            values[name] = values.TryGetValue(name, out var earlier) ? earlier + "," + value : value;
        }

        return values;
    }

    private static bool IsEmptyObject(byte[] body) =>
        System.Text.Encoding.UTF8.GetString(body).Trim() is "{}";

    private static List<string> Label(List<string> violations, string where) =>
        [.. violations.Select(violation => $"{where} {violation}")];

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal));

    private static bool IsProblem(string? mediaType) => mediaType == "application/problem+json";

    private static bool MediaMatches(string documented, string actual) =>
        documented == actual || documented == "*/*"
        || (documented.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(documented[..^1], StringComparison.Ordinal));

    /// <summary>A documented path, its operations, and the regular expression that its requests match.</summary>
    private sealed partial class PathTemplate
    {
        private readonly Regex _pattern;
        private readonly JsonElement _item;

        public PathTemplate(string template, JsonElement item)
        {
            Template = template;
            _item = item;
            _pattern = new Regex(
                "^" + Placeholder().Replace(Regex.Escape(template).Replace(@"\{", "{", StringComparison.Ordinal), match => $"(?<{match.Groups[1].Value}>[^/]+)") + "$",
                RegexOptions.CultureInvariant);
            LiteralSegments = template.Split('/').Count(segment => !segment.StartsWith('{'));
            Operations = item.EnumerateObject()
                .Where(member => member.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options" or "trace")
                .ToDictionary(member => member.Name, member => member.Value, StringComparer.Ordinal);
        }

        public string Template { get; }

        public int LiteralSegments { get; }

        public Dictionary<string, JsonElement> Operations { get; }

        /// <summary>The operation's parameters (path-level ones included) with their JSON pointers.</summary>
        public IEnumerable<(JsonElement Parameter, string Pointer)> Parameters(string method)
        {
            var escaped = Escape(Template);
            if (_item.TryGetProperty("parameters", out var shared))
            {
                var index = 0;
                foreach (var parameter in shared.EnumerateArray())
                {
                    yield return (parameter, $"/paths/{escaped}/parameters/{index++}");
                }
            }

            if (Operations.TryGetValue(method, out var operation) && operation.TryGetProperty("parameters", out var own))
            {
                var index = 0;
                foreach (var parameter in own.EnumerateArray())
                {
                    yield return (parameter, $"/paths/{escaped}/{method}/parameters/{index++}");
                }
            }
        }

        /// <summary>The path parameters when <paramref name="path"/> is one of this template's (values fit their schemas), else null.</summary>
        public Dictionary<string, string>? Match(string path, ApiContract contract)
        {
            var match = _pattern.Match(path);
            if (!match.Success)
            {
                return null;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var method in Operations.Keys)
            {
                foreach (var (parameter, pointer) in Parameters(method).Where(p => p.Parameter.GetProperty("in").GetString() == "path"))
                {
                    var name = parameter.GetProperty("name").GetString()!;
                    var value = Uri.UnescapeDataString(match.Groups[name].Value);
                    // A value its schema refuses (e.g. not a UUID) never reaches the operation: the router answers 404.
                    if (parameter.TryGetProperty("schema", out var schema)
                        && contract.Validate(Typed(value, schema), pointer + "/schema", name).Count > 0)
                    {
                        return null;
                    }

                    values[name] = value;
                }
            }

            return values;
        }

        [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
        private static partial Regex Placeholder();
    }
}
