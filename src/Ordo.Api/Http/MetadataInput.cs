using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Infrastructure.Authorization;

namespace Ordo.Api.Http;

/// <summary><c>metadata</c> as requests carry it: a map on create, a merge patch of the map on PATCH.</summary>
public static class MetadataInput
{
    /// <summary>
    /// The changes a merge patch's <c>metadata</c> member asks for, or null when it has none: an object sets keys to
    /// strings and removes those set to null; <c>"metadata": null</c> removes every key of <paramref name="current"/>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>>? FromPatch(
        JsonElement patch, IReadOnlyDictionary<string, string> current, RequestErrors errors)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(errors);
        if (!patch.TryGetProperty("metadata", out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return [.. current.Keys.Select(key => KeyValuePair.Create(key, (string?)null))];
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$.metadata", "Metadata is an object of string values (null removes a key), or null to remove every key.");
            return null;
        }

        var changes = new List<KeyValuePair<string, string?>>();
        foreach (var member in value.EnumerateObject())
        {
            if (member.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
            {
                changes.Add(KeyValuePair.Create(member.Name, member.Value.GetString()));
            }
            else
            {
                errors.Add($"$.metadata.{member.Name}", "Metadata values are strings; null removes the key.");
            }
        }

        return changes;
    }

    /// <summary>The map sent on create, as changes to an empty one.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> FromCreate(IReadOnlyDictionary<string, string>? metadata) =>
        [.. (metadata ?? new Dictionary<string, string>()).Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))];

    /// <summary>
    /// Metadata holds the shop's and its integrations' own references, so customers' own calls may not set it (as
    /// Stripe keeps it to secret keys); they read it on what they may read.
    /// </summary>
    public static ProblemHttpResult? RefusalFor(CallerAccess caller, bool setsMetadata) =>
        setsMetadata && caller.Kind == CallerKind.Customer
            ? DomainProblems.Problem(
                HttpErrors.MetadataNotAllowed, "Metadata is set by the shop's staff and integrations; leave out metadata.")
            : null;
}
