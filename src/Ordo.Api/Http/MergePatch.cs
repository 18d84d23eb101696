using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Ordo.Domain.Common;

namespace Ordo.Api.Http;

/// <summary>The parts of JSON Merge Patch (RFC 7396) handling that every PATCH endpoint shares.</summary>
public static class MergePatch
{
    public const string ContentType = "application/merge-patch+json";

    public const string NotAnObject = "A merge patch must be a JSON object.";

    public const string Unwritable = "This field is unknown or read-only and cannot be changed here.";

    /// <summary>415 unless the body was sent as a merge patch; 400 unless it is a JSON object; otherwise null.</summary>
    public static ProblemHttpResult? CheckDocument(HttpRequest request, JsonElement patch)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CheckDocument(request.ContentType, patch)?.ToProblem();
    }

    /// <summary>The same check as a domain error, for the bound patch types (<see cref="MergePatch{TSelf}"/>).</summary>
    internal static DomainError? CheckDocument(string? contentType, JsonElement patch)
    {
        if (!string.Equals(contentType?.Split(';')[0].Trim(), ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return HttpErrors.UnsupportedMediaType.Error($"PATCH takes a JSON Merge Patch document: send Content-Type {ContentType}.");
        }

        return patch.ValueKind == JsonValueKind.Object ? null : new RequestErrors().Add("$", NotAnObject).ToError();
    }

    /// <summary>The patch a JSON document carries (what <c>BindAsync</c> reads from a request body).</summary>
    public static TPatch Read<TPatch>(string? contentType, JsonElement document, JsonSerializerOptions options)
        where TPatch : MergePatch<TPatch>, new()
    {
        ArgumentNullException.ThrowIfNull(options);
        var patch = new TPatch();
        patch.Bind(contentType, document, options);
        return patch;
    }

    /// <summary>The JSON names of a patch type's properties: the fields a merge patch may carry (and the document lists).</summary>
    public static IReadOnlySet<string> FieldsOf<TPatch>() =>
        typeof(TPatch).GetProperties().Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Starts the error list with every field the patch may not change (no mass assignment).</summary>
    public static RequestErrors RejectUnwritable(JsonElement patch, IReadOnlySet<string> writable)
    {
        var errors = new RequestErrors();
        foreach (var property in patch.EnumerateObject().Where(p => !writable.Contains(p.Name)))
        {
            errors.Add("$." + property.Name, Unwritable);
        }

        return errors;
    }
}

/// <summary>
/// A JSON Merge Patch (RFC 7396) bound to a type that lists the patchable fields (and documents them, see
/// <c>AcceptsMergePatch</c>): each property records that it was sent when it is set, so an absent field and a null one
/// differ (<see cref="Has"/>). Other transports build a patch with an object initializer; a PATCH body binds to it
/// through <see cref="BindAsync"/>, which never fails on the fields' contents: it collects every field that is unknown,
/// read-only or of the wrong shape into <see cref="Invalid"/>, which the use case answers after it found the resource
/// and checked its precondition, as a hand-written parser would.
/// </summary>
/// <example><c>public string? Phone { get; init => field = Sent(value); }</c></example>
public abstract class MergePatch<TSelf> : IBindableFromHttpContext<TSelf>
    where TSelf : MergePatch<TSelf>, new()
{
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);

    /// <summary>The body is not a merge patch at all: 415 for another content type, 400 when it is not a JSON object.</summary>
    [JsonIgnore]
    public DomainError? Unreadable { get; private set; }

    /// <summary>Fields the patch may not carry or sent with the wrong shape (400 <c>validation_failed</c>), or null.</summary>
    [JsonIgnore]
    public DomainError? Invalid { get; private set; }

    /// <summary>Whether the patch sets the property named <paramref name="property"/> (<c>nameof</c>), null included.</summary>
    public bool Has(string property) => _sent.Contains(property);

    /// <summary>Records that the calling property was set; its setter returns what it stores.</summary>
    protected T Sent<T>(T value, [CallerMemberName] string property = "")
    {
        _sent.Add(property);
        return value;
    }

    /// <summary>What to tell a caller who sent <paramref name="field"/> (its JSON name) with the wrong shape.</summary>
    protected abstract string ShapeOf(string field);

    /// <summary>
    /// Reads one field the patch sent, or adds the error that explains its wrong shape and answers false. By default:
    /// null only where the property is nullable, else the value as the API's JSON options read it, an error naming the
    /// JSON path where it broke (<c>$.addresses[0].city</c>).
    /// </summary>
    protected virtual bool TryRead(JsonPropertyInfo field, JsonElement value, JsonSerializerOptions options, RequestErrors errors, out object? read)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(errors);
        read = null;
        if (value.ValueKind == JsonValueKind.Null && !field.IsSetNullable)
        {
            errors.Add("$." + field.Name, ShapeOf(field.Name));
            return false;
        }

        try
        {
            read = value.Deserialize(field.PropertyType, options);
            return true;
        }
        catch (JsonException ex)
        {
            errors.Add("$." + field.Name + (ex.Path ?? "$")[1..], ShapeOf(field.Name));
            return false;
        }
    }

    /// <summary>Binds a PATCH body (see the type's summary). Unreadable JSON is the framework's 400, as for any body.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "IBindableFromHttpContext<TSelf> is how minimal APIs bind a parameter.")]
    public static async ValueTask<TSelf?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body is not JSON.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            throw new BadHttpRequestException("A merge patch body is required.");
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        JsonElement document;
        try
        {
            document = await request.ReadFromJsonAsync<JsonElement>(options, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, ex);
        }

        return MergePatch.Read<TSelf>(request.ContentType, document, options);
    }

    /// <summary>Reads the fields of a JSON document into this patch (see the type's summary).</summary>
    internal void Bind(string? contentType, JsonElement document, JsonSerializerOptions options)
    {
        if (MergePatch.CheckDocument(contentType, document) is { } unreadable)
        {
            Unreadable = unreadable;
            return;
        }

        var fields = options.GetTypeInfo(typeof(TSelf)).Properties.Where(field => field.Set is not null).ToList();
        var errors = MergePatch.RejectUnwritable(document, fields.Select(field => field.Name).ToHashSet(StringComparer.Ordinal));
        foreach (var field in fields)
        {
            if (document.TryGetProperty(field.Name, out var value) && TryRead(field, value, options, errors, out var read))
            {
                field.Set!(this, read);
            }
        }

        Invalid = errors.Any ? errors.ToError() : null;
    }
}
