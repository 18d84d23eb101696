using System.Text.Json;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;

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
        if (!patch.TryGetProperty("metadata", out var value) || !CheckPatch(value, errors))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Null
            ? FromPatch(null, current)
            : [.. value.EnumerateObject().Select(member => KeyValuePair.Create(member.Name, member.Value.GetString()))];
    }

    /// <summary>
    /// Whether a merge patch's <c>metadata</c> member has the shape of one: null, or an object of strings and nulls.
    /// Otherwise adds an error for the member, or for each value that is neither, and answers false.
    /// </summary>
    public static bool CheckPatch(JsonElement value, RequestErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$.metadata", "Metadata is an object of string values (null removes a key), or null to remove every key.");
            return false;
        }

        var valid = true;
        foreach (var member in value.EnumerateObject().Where(member => member.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            errors.Add($"$.metadata.{member.Name}", "Metadata values are strings; null removes the key.");
            valid = false;
        }

        return valid;
    }

    /// <summary>
    /// The changes a merge patch's <c>metadata</c> asks for once bound (<see cref="CheckPatch"/>): a string sets its key,
    /// null removes it; null for the whole map removes every key of <paramref name="current"/>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> FromPatch(
        IReadOnlyDictionary<string, string?>? patch, IReadOnlyDictionary<string, string> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return patch is null
            ? [.. current.Keys.Select(key => KeyValuePair.Create(key, (string?)null))]
            : [.. patch];
    }

    /// <summary>The map sent on create, as changes to an empty one.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> FromCreate(IReadOnlyDictionary<string, string>? metadata) =>
        [.. (metadata ?? new Dictionary<string, string>()).Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))];

    /// <summary>
    /// Metadata holds the shop's and its integrations' own references, so customers' own calls may not set it (as
    /// Stripe keeps it to secret keys); they read it on what they may read.
    /// </summary>
    public static DomainError? Refusal(CallerAccess caller, bool setsMetadata)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return setsMetadata && caller.Kind == CallerKind.Customer
            ? HttpErrors.MetadataNotAllowed.Error("Metadata is set by the shop's staff and integrations; leave out metadata.")
            : null;
    }
}
