using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ordo.Api.Http;

/// <summary>The parts of JSON Merge Patch (RFC 7396) handling that every PATCH endpoint shares.</summary>
public static class MergePatch
{
    public const string ContentType = "application/merge-patch+json";

    /// <summary>415 unless the body was sent as a merge patch; 400 unless it is a JSON object; otherwise null.</summary>
    public static ProblemHttpResult? CheckDocument(HttpRequest request, JsonElement patch)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return DomainProblems.Problem(
                HttpErrors.UnsupportedMediaType,
                $"PATCH takes a JSON Merge Patch document: send Content-Type {ContentType}.");
        }

        return patch.ValueKind == JsonValueKind.Object
            ? null
            : new RequestErrors().Add("$", "A merge patch must be a JSON object.").ToProblem();
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
            errors.Add("$." + property.Name, "This field is unknown or read-only and cannot be changed here.");
        }

        return errors;
    }
}
