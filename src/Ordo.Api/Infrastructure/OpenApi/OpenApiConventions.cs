using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Ordo.Api.Infrastructure.OpenApi;

/// <summary>
/// A query parameter that a handler reads itself (lists read theirs strictly through ListQuery), with the limits
/// the handler enforces: <see cref="Enum"/> values (several, comma-separated or repeated, when <see cref="Many"/>).
/// </summary>
public sealed record QueryParameter(
    string Name,
    string Description,
    JsonSchemaType Type = JsonSchemaType.String,
    string? Example = null,
    int MaxLength = Http.ListQuery.MaxValueLength,
    string? Format = null,
    string? Minimum = null,
    string? Maximum = null,
    IReadOnlyList<string>? Enum = null,
    bool Many = false,
    bool KeyedByName = false)
{
    /// <summary>
    /// <see cref="KeyedByName"/>: one <c>name[key]=value</c> pair, documented as an object of one string property
    /// (style deepObject).
    /// </summary>
    internal bool IsMap => KeyedByName;

    /// <summary>Several values of a closed set: documented as an array, sent comma-separated.</summary>
    internal bool IsArray => Many && Enum is not null;

    internal OpenApiSchema Schema()
    {
        if (IsMap)
        {
            return new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = MaxLength },
                MinProperties = 1,
                MaxProperties = 1,
            };
        }

        var schema = new OpenApiSchema { Type = Type, Format = Format, Minimum = Minimum, Maximum = Maximum };
        if (Type == JsonSchemaType.String)
        {
            schema.MaxLength = MaxLength;
        }

        if (Enum is { } values && Many)
        {
            // Several values: an array sent comma-separated (style form, explode false); repeating the parameter works too.
            return new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Select(value => (JsonNode)JsonValue.Create(value))] },
                MinItems = 1,
                MaxItems = values.Count,
            };
        }

        if (Enum is { } single)
        {
            schema.Enum = [.. single.Select(value => (JsonNode)JsonValue.Create(value))];
        }

        return schema;
    }
}

/// <summary>Whether a write takes <c>If-Match</c> with the ETag the client last read.</summary>
public enum IfMatch
{
    NotAccepted,
    Optional,
    Required,
}

/// <summary>Endpoint metadata: the endpoint answers with a strong ETag (and, if it reads, honours If-None-Match).</summary>
public sealed record SendsETagMetadata;

/// <summary>Endpoint metadata: the endpoint takes <c>If-Match</c>, optionally or as a requirement.</summary>
public sealed record TakesIfMatchMetadata(IfMatch IfMatch);

public static class OpenApiConventions
{
    public const string ProblemSchemaName = "ProblemDetails";
    public const string ProblemContentType = "application/problem+json";
    private const string RateLimitPolicyHeader = "RateLimit-Policy";
    private const string RateLimitHeader = "RateLimit";

    private static readonly QueryParameter[] PagingParameters =
    [
        new("limit", "Rows per page, 1 to 200 (default 50).", JsonSchemaType.Integer, "50", Format: "int32", Minimum: "1", Maximum: "200"),
        new("cursor", "The `nextCursor` of the previous page; valid only with the same filters.", MaxLength: Http.ListQuery.MaxCursorLength),
    ];

    /// <summary>Documents a cursor-paginated list: paging and filter parameters, its <c>Link</c> header and its 400 for unknown ones.</summary>
    public static RouteHandlerBuilder ListsPages(this RouteHandlerBuilder endpoint, params QueryParameter[] filters) =>
        endpoint.WithQuery([.. filters, .. PagingParameters])
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                AddHeader(operation, "200", "Link", "RFC 8288 `<url>; rel=\"next\"` to the next page, when there is one.", required: false, maxLength: 4000);
                return Task.CompletedTask;
            });

    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder endpoint, params QueryParameter[] parameters) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                var documented = new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Description = parameter.Description,
                    Schema = parameter.Schema(),
                    Example = parameter.Example is null ? null
                        : parameter.Type == JsonSchemaType.Integer ? JsonValue.Create(long.Parse(parameter.Example, System.Globalization.CultureInfo.InvariantCulture))
                        : parameter.IsMap ? null
                        : parameter.IsArray ? new JsonArray([.. parameter.Example.Split(',').Select(value => (JsonNode)JsonValue.Create(value))])
                        : JsonValue.Create(parameter.Example),
                };
                if (parameter.IsArray)
                {
                    documented.Style = ParameterStyle.Form;
                    documented.Explode = false;
                }
                else if (parameter.IsMap)
                {
                    documented.Style = ParameterStyle.DeepObject;
                    documented.Explode = true;
                }

                operation.Parameters.Add(documented);
            }

            return Task.CompletedTask;
        });

    /// <summary>
    /// Documents a JSON Merge Patch body (RFC 7396, <c>application/merge-patch+json</c>) as the fields of
    /// <typeparamref name="TPatch"/>, all optional; nullable ones are cleared by <c>null</c>. The handler binds the
    /// patch as a <see cref="System.Text.Json.JsonElement"/>, since an absent field and a null one differ.
    /// </summary>
    public static RouteHandlerBuilder AcceptsMergePatch<TPatch>(this RouteHandlerBuilder endpoint) =>
        endpoint.Accepts<System.Text.Json.JsonElement>(Http.MergePatch.ContentType)
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var schema = await context.GetOrCreateSchemaAsync(typeof(TPatch), null, cancellationToken);
                schema.Description = "JSON Merge Patch (RFC 7396): send only the fields to change; a field that may be null is cleared by null.";
                AllowNullMembersInMaps(schema);
                var document = context.Document!;
                document.Components ??= new OpenApiComponents();
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas[typeof(TPatch).Name] = schema;
                if (operation.RequestBody?.Content is { } content && content.TryGetValue(Http.MergePatch.ContentType, out var media))
                {
                    media.Schema = new OpenApiSchemaReference(typeof(TPatch).Name, document);
                }
            });

    /// <summary>A merge patch of a map (<c>metadata</c>) removes a key by setting it to null, at any depth (RFC 7396).</summary>
    private static void AllowNullMembersInMaps(OpenApiSchema patch)
    {
        foreach (var property in (patch.Properties ?? new Dictionary<string, IOpenApiSchema>()).Values.OfType<OpenApiSchema>())
        {
            if (property.AdditionalProperties is OpenApiSchema { Type: { } type } members)
            {
                members.Type = type | JsonSchemaType.Null;
            }
        }
    }

    /// <summary>The endpoint answers with a strong <c>ETag</c>; a read also honours <c>If-None-Match</c> (304).</summary>
    /// <summary>An example of the request body, shown in the document (JSON text, as a caller would send it).</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder endpoint, [StringSyntax(StringSyntaxAttribute.Json)] string json) =>
        endpoint.WithMetadata(new RequestExampleMetadata(json));

    public static RouteHandlerBuilder SendsETag(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(new SendsETagMetadata());

    /// <summary>The endpoint takes <c>If-Match</c> (412 when stale; 428 when <see cref="IfMatch.Required"/> and missing).</summary>
    public static RouteHandlerBuilder TakesIfMatch(this RouteHandlerBuilder endpoint, IfMatch ifMatch) =>
        endpoint.WithMetadata(new TakesIfMatchMetadata(ifMatch));

    /// <summary>
    /// Conventions that hold for every route, added in one place so no endpoint can forget them: ids that may not
    /// exist (404), ETags and conditional requests, bodies (400, 413, 415), rate limits (429 with Retry-After),
    /// server errors (500), an unreachable database (503 with Retry-After), the exact problem+json schema on every error, and request examples.
    /// </summary>
    public static OpenApiOptions AddOrdoConventions(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddOperationTransformer((operation, context, _) =>
        {
            var route = context.Description.RelativePath ?? "";
            var method = context.Description.HttpMethod ?? "";
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            operation.Parameters ??= [];
            operation.Responses ??= [];
            if (route.Contains('{', StringComparison.Ordinal))
            {
                Error(operation, StatusCodes.Status404NotFound);
            }

            if (metadata.OfType<SendsETagMetadata>().Any())
            {
                DocumentETag(operation, method);
            }

            if (metadata.OfType<TakesIfMatchMetadata>().LastOrDefault() is { IfMatch: not IfMatch.NotAccepted } precondition)
            {
                DocumentIfMatch(operation, precondition.IfMatch);
            }

            foreach (var created in operation.Responses.Where(response => response.Key == "201").Select(response => response.Key).ToList())
            {
                AddHeader(operation, created, "Location", "The URL of what was created.", required: true, maxLength: 2000);
            }

            if (Idempotency.IdempotencyKeyMetadata.Of(metadata) is Idempotency.IdempotencyKeyUse.Optional or Idempotency.IdempotencyKeyUse.Required)
            {
                DocumentIdempotencyKey(operation, required: Idempotency.IdempotencyKeyMetadata.Of(metadata) == Idempotency.IdempotencyKeyUse.Required);
            }

            if (operation.RequestBody is not null)
            {
                Error(operation, StatusCodes.Status400BadRequest);
                Error(operation, StatusCodes.Status415UnsupportedMediaType);
            }

            // Any request may carry a body, and one over Http:MaxRequestBodyBytes is refused before routing.
            Error(operation, StatusCodes.Status413PayloadTooLarge);

            var underApi = route.StartsWith("api/", StringComparison.Ordinal);
            if (underApi || metadata.OfType<Pipeline.AttemptLimitPolicy>().Any())
            {
                Error(operation, StatusCodes.Status429TooManyRequests);
                AddHeader(operation, "429", "Retry-After", "Seconds to wait before trying again.", required: true, seconds: true);
            }

            Error(operation, StatusCodes.Status500InternalServerError);
            Error(operation, StatusCodes.Status503ServiceUnavailable, $"The database is out of reach: try again after `Retry-After` seconds (`{Http.HttpErrors.DatabaseUnavailable.Code}`).");
            AddHeader(operation, "503", "Retry-After", "Seconds to wait before trying again (5), for a change as for a read: a failed change holds no claim on its `Idempotency-Key`.", required: true, seconds: true);

            if (metadata.OfType<RequestExampleMetadata>().FirstOrDefault() is { } example && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(example.Json);
                }
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            DescribeLimits(schema, context);
            if (context.JsonTypeInfo.Type == typeof(Ordo.Api.Http.MoneyDto))
            {
                schema.Examples = [JsonNode.Parse("""{"amount": 1999, "currency": "EUR"}""")!];
            }
            else if (ResponseExamples.For(context.JsonTypeInfo.Type, context.JsonTypeInfo.Options) is { } example)
            {
                schema.Examples = [example];
            }

            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            ClosedSets.Name(document);
            DescribeProblems(document);
            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>Limits the generator does not derive from the data annotations by itself.</summary>
    private static void DescribeLimits(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        if (schema.Format == "uuid")
        {
            schema.MaxLength ??= 36;
        }

        var attributes = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(inherit: true)
            ?? (context.ParameterDescription?.ParameterDescriptor is Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor { ParameterInfo: { } parameter }
                ? parameter.GetCustomAttributes(inherit: true)
                : []);
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case ClosedSetAttribute set:
                    ClosedSets.Describe(schema, set);
                    break;
                case Http.ListItemsAttribute items when schema.Items is OpenApiSchema item:
                    item.MaxLength = items.MaxLength;
                    break;
                case Http.ListItemsAttribute values when schema.AdditionalProperties is OpenApiSchema member:
                    member.MaxLength = values.MaxLength;
                    break;
                case System.ComponentModel.DataAnnotations.MaxLengthAttribute max when schema.AdditionalProperties is not null:
                    schema.MaxProperties ??= max.Length;
                    break;
                case System.ComponentModel.DataAnnotations.AllowedValuesAttribute allowed when schema.Enum is not { Count: > 0 }:
                    schema.Enum = [.. allowed.Values.Select(value => (JsonNode)JsonValue.Create(value?.ToString() ?? ""))];
                    break;
                case System.ComponentModel.DataAnnotations.MaxLengthAttribute max when schema.Type?.HasFlag(JsonSchemaType.String) == true:
                    schema.MaxLength ??= max.Length;
                    break;
            }
        }
    }

    /// <summary>Adds an error status (its content is filled in by <see cref="DescribeProblems"/>).</summary>
    public static void Error(OpenApiOperation operation, int status, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Responses ??= [];
        operation.Responses.TryAdd(
            status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new OpenApiResponse { Description = description ?? ReasonPhrases.GetReasonPhrase(status) });
    }

    /// <summary>
    /// Last of the operation transformers, once every response is known: the rate-limit headers on the successful
    /// answers of an <c>/api</c> operation (each request there is counted) and on every 429.
    /// </summary>
    public static OpenApiOptions AddRateLimitHeaders(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AddOperationTransformer((operation, context, _) =>
        {
            var underApi = context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            foreach (var status in operation.Responses?.Keys.Where(status => status == "429" || (underApi && status[0] is '2' or '3')).ToList() ?? [])
            {
                AddHeader(operation, status, RateLimitPolicyHeader, "The limit this request counted against (draft-ietf-httpapi-ratelimit-headers): `\"name\";q=<requests>;w=<seconds>`.", required: false);
                AddHeader(operation, status, RateLimitHeader, "What is left of it: `\"name\";r=<remaining>;t=<seconds until the window restarts>`.", required: false);
            }

            return Task.CompletedTask;
        });
    }

    public static void AddHeader(OpenApiOperation operation, string status, string name, string description, bool required, int maxLength = 200, bool seconds = false)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Responses?.TryGetValue(status, out var found) is not true || found is not OpenApiResponse response)
        {
            return;
        }

        response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.OrdinalIgnoreCase);
        response.Headers[name] = new OpenApiHeader
        {
            Description = description,
            Required = required,
            Schema = seconds
                ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "86400" }
                : new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength },
        };
    }

    private static void DocumentETag(OpenApiOperation operation, string method)
    {
        var successes = operation.Responses!.Keys.Where(status => status.StartsWith('2')).ToList();
        if (method == "GET")
        {
            operation.Parameters!.Add(Header("If-None-Match", "An ETag from an earlier read: 304 Not Modified while it is still current.", required: false));
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not Modified: the ETag sent in If-None-Match is still current." });
            successes.Add("304");
        }

        foreach (var status in successes)
        {
            AddHeader(operation, status, "ETag", "The strong ETag of the resource as it is now.", required: true);
        }
    }

    /// <summary>
    /// The <c>Idempotency-Key</c> an operation takes, and the <c>Idempotent-Replayed</c> mark on the successes it can
    /// replay (only a success is stored; a refused or failed request may be retried with the same key).
    /// </summary>
    private static void DocumentIdempotencyKey(OpenApiOperation operation, bool required)
    {
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = Idempotency.StateChange.IdempotencyKeyHeader,
            In = ParameterLocation.Header,
            Required = required,
            Description = "Retries with the same key and body within 24 h replay the first response instead of repeating the work.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Idempotency.StateChange.MaxKeyLength },
        });
        foreach (var status in operation.Responses!.Keys.Where(status => status.StartsWith('2')).ToList())
        {
            if (operation.Responses[status] is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.OrdinalIgnoreCase);
                response.Headers[Idempotency.CapturedResponse.ReplayedHeader] = new OpenApiHeader
                {
                    Description = "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key` and body: the work was not done again. Absent otherwise.",
                    Required = false,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] },
                };
            }
        }
    }

    private static void DocumentIfMatch(OpenApiOperation operation, IfMatch ifMatch)
    {
        operation.Parameters!.Add(Header(
            "If-Match",
            ifMatch == IfMatch.Required
                ? "Required: the ETag you last read, quotes included (428 without it, 412 when stale, 400 `invalid_if_match` when malformed)."
                : "Optional: the ETag you last read, quotes included; 412 when the resource has changed since, 400 `invalid_if_match` when malformed.",
            required: ifMatch == IfMatch.Required));
        Error(operation, StatusCodes.Status412PreconditionFailed);
        if (ifMatch == IfMatch.Required)
        {
            Error(operation, StatusCodes.Status428PreconditionRequired);
        }
    }

    /// <summary>Every error answers with the exact problem+json schema (<see cref="ProblemSchema"/>).</summary>
    private static void DescribeProblems(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.TryGetValue(ProblemSchemaName, out var existing) || existing is not OpenApiSchema problem)
        {
            problem = new OpenApiSchema();
            document.Components.Schemas[ProblemSchemaName] = problem;
        }

        ProblemSchema.Describe(problem, document);
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(path => path.Operations ?? []).Select(pair => pair.Value))
        {
            foreach (var (status, found) in operation.Responses ?? [])
            {
                if (found is OpenApiResponse response && status.Length == 3 && status[0] is '4' or '5')
                {
                    response.Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchemaName, document) },
                    };
                }
            }
        }
    }

    private static OpenApiParameter Header(string name, string description, bool required) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Required = required,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
    };

}

internal sealed record RequestExampleMetadata(string Json);
