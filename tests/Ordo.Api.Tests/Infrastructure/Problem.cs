using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ordo.Api.Tests.Infrastructure;

/// <summary>
/// An RFC 9457 problem as Ordo writes it: the members every problem carries, <c>errors</c> for invalid fields, and the
/// extension members some codes add (<c>customerId</c>, <c>limit</c>, ...), kept as they came over the wire.
/// </summary>
public sealed record Problem(string Type, string Title, int Status, string Detail, string Code, string TraceId)
{
    /// <summary>Invalid fields: each JSON path or query parameter with its messages; null when the problem has none.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement> Extensions { get; init; } = [];

    /// <summary>The extension member <paramref name="name"/> read as <typeparamref name="T"/> (it must be present).</summary>
    public T Extension<T>(string name) =>
        Extensions.TryGetValue(name, out var value) ? value.As<T>() : throw new KeyNotFoundException($"The problem has no '{name}': {this}");

    /// <summary>Whether <paramref name="field"/> is named by the problem: in <c>errors</c>.</summary>
    public bool HasError(string field) => Errors?.ContainsKey(field) ?? false;

    public override string ToString() => JsonSerializer.Serialize(this, HttpJson.Api);
}
