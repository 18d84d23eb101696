using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Ordo.Domain.Common;

namespace Ordo.Api.Infrastructure.OpenApi;

/// <summary>
/// Marks a string property (or the items of a list of strings) as one of a closed set of values. The document
/// shows the set as a named enum schema under <c>components/schemas</c>, referenced wherever the property appears, so
/// clients generate one type per set. The values come from the code: an enum's members in the snake_case the API
/// writes (<see cref="StateNames"/>), or a static list of strings.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class ClosedSetAttribute : Attribute
{
    /// <summary>The members of <paramref name="enumType"/>, named as the API writes them; the schema takes the enum's name.</summary>
    public ClosedSetAttribute(Type enumType)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        if (!enumType.IsEnum)
        {
            throw new ArgumentException($"{enumType.Name} is not an enum; name the list of values instead.", nameof(enumType));
        }

        Name = enumType.Name;
        Values = [.. Enum.GetNames(enumType).Select(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName)];
    }

    /// <summary>The strings of the static property or field <paramref name="member"/> of <paramref name="holder"/>.</summary>
    public ClosedSetAttribute(string name, Type holder, string member)
    {
        ArgumentNullException.ThrowIfNull(holder);
        Name = name;
        const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var found = holder.GetProperty(member, Static)?.GetValue(null) ?? holder.GetField(member, Static)?.GetValue(null);
        Values = found is IEnumerable<string> values
            ? [.. values]
            : throw new ArgumentException($"{holder.Name}.{member} is not a static list of strings.", nameof(member));
    }

    public string Name { get; }

    public IReadOnlyList<string> Values { get; }
}

/// <summary>Turns the properties marked <see cref="ClosedSetAttribute"/> into references to one named enum schema per set.</summary>
internal static class ClosedSets
{
    private const string Marker = "ordo-closed-set";

    /// <summary>Schema transformer step: the property's (or its items') values, and a mark for <see cref="Name"/>.</summary>
    public static void Describe(OpenApiSchema schema, ClosedSetAttribute set)
    {
        var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true && schema.Items is OpenApiSchema items ? items : schema;
        target.Enum = [.. set.Values.Select(value => (JsonNode)JsonValue.Create(value))];
        target.Metadata ??= new Dictionary<string, object>(StringComparer.Ordinal);
        target.Metadata[Marker] = set;
    }

    /// <summary>
    /// Document transformer step: each marked schema becomes a <c>$ref</c> to its set's component (nullable ones allow
    /// null besides), and the component holds the values.
    /// </summary>
    public static void Name(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var schema in document.Components.Schemas.Values.OfType<OpenApiSchema>().ToList())
        {
            Replace(document, schema);
        }
    }

    /// <summary>A reference to the set's component schema, registering it on first use.</summary>
    public static IOpenApiSchema Reference(OpenApiDocument document, ClosedSetAttribute set)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(set);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.TryGetValue(set.Name, out var existing))
        {
            document.Components.Schemas[set.Name] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. set.Values.Select(value => (JsonNode)JsonValue.Create(value))],
                Description = $"One of a closed set; what each value means is in docs/states.md (`{set.Name}`).",
            };
        }
        else if (existing is OpenApiSchema known && !(known.Enum ?? []).Select(value => value.GetValue<string>()).SequenceEqual(set.Values))
        {
            throw new InvalidOperationException($"Two closed sets are named {set.Name} but hold different values.");
        }

        return new OpenApiSchemaReference(set.Name, document);
    }

    /// <summary>A reference to a set some property already registered (by <see cref="Name"/>), for schemas written by hand.</summary>
    public static IOpenApiSchema ReferenceTo(OpenApiDocument document, string name) =>
        document.Components?.Schemas?.ContainsKey(name) == true
            ? new OpenApiSchemaReference(name, document)
            : throw new InvalidOperationException($"No property names the closed set {name}, so the document has no schema for it.");

    private static void Replace(OpenApiDocument document, OpenApiSchema schema)
    {
        if (schema.Properties is { } properties)
        {
            foreach (var (name, property) in properties.ToList())
            {
                properties[name] = Swap(document, property);
            }
        }

        if (schema.Items is { } items)
        {
            schema.Items = Swap(document, items);
        }
    }

    private static IOpenApiSchema Swap(OpenApiDocument document, IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema inline)
        {
            return schema;
        }

        if (inline.Metadata?.TryGetValue(Marker, out var found) is not true || found is not ClosedSetAttribute set)
        {
            Replace(document, inline);
            return inline;
        }

        var reference = Reference(document, set);
        return inline.Type?.HasFlag(JsonSchemaType.Null) == true
            ? new OpenApiSchema { AnyOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }], Description = inline.Description }
            : reference;
    }
}
