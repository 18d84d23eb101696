using System.Text.Json;

namespace Ordo.Api.Infrastructure.OpenApi;

/// <summary>
/// Documents a string (or each string of a list) as one of a domain enum's names the way
/// <see cref="Ordo.Domain.Common.StateNames"/> writes them (<c>partially_fulfilled</c>), so that the document lists
/// them as an <c>enum</c> and generated clients get a union type. <paramref name="except"/> names members no response
/// carries. The contract check holds every response to the list, so it cannot drift from what is sent.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class StateNamesAttribute(Type enumType, params string[] except) : Attribute
{
    public IReadOnlyList<string> Values { get; } =
        [.. Enum.GetNames(enumType).Except(except, StringComparer.Ordinal).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];
}
