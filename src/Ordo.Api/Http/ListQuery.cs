using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Ordo.Api.Http;

/// <summary>
/// Reads a list's query string strictly: unknown parameters and malformed values are reported (400) by name,
/// never ignored, so a typo can't silently return the unfiltered list.
/// </summary>
public sealed class ListQuery
{
    /// <summary>The longest value a filter takes (no name, email, SKU or order number is longer).</summary>
    public const int MaxValueLength = 200;

    public const int MaxCursorLength = 1000;

    private readonly IQueryCollection _query;
    private readonly RequestErrors _errors = new();
    private readonly List<string> _scope = [];

    public ListQuery(HttpRequest request, string list, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        _query = request.Query;
        _scope.Add(list);
        var known = allowed.Concat(["limit", "cursor"]).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in _query.Keys.Where(key => !known.Contains(key) && !known.Contains(FamilyOf(key))))
        {
            _errors.Add(unknown, $"Unknown query parameter '{unknown}'. Allowed: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }

        Limit = WholeNumber("limit", 1, Paging.MaxLimit) ?? Paging.DefaultLimit;
        Cursor = Text("cursor", scoped: false);
    }

    public int Limit { get; }

    /// <summary><c>metadata[erpId]</c> belongs to the family <c>metadata[]</c>, which a list allows by that name.</summary>
    private static string FamilyOf(string key) =>
        key.IndexOf('[', StringComparison.Ordinal) is > 0 and var open && key.EndsWith(']') ? key[..open] + "[]" : key;

    /// <summary>
    /// The one <c>family[key]=value</c> parameter of a family (<c>metadata[erpId]=SO-1</c>), its key checked against
    /// <paramref name="keyPattern"/>; at most one per request.
    /// </summary>
    public (string Key, string Value)? Keyed(string family, System.Text.RegularExpressions.Regex keyPattern)
    {
        ArgumentNullException.ThrowIfNull(keyPattern);
        var named = _query.Keys.Where(key => FamilyOf(key) == family + "[]").ToList();
        if (named.Count == 0)
        {
            return null;
        }

        var parameter = named[0];
        var key = parameter[(family.Length + 1)..^1];
        if (named.Count > 1)
        {
            _errors.Add(parameter, $"Filter by one {family} key at a time.");
            return null;
        }

        if (!keyPattern.IsMatch(key))
        {
            _errors.Add(parameter, $"'{key}' is not a valid {family} key.");
            return null;
        }

        return Text(parameter) is { } value ? (key, value) : null;
    }

    public string? Cursor { get; }

    public bool HasErrors => _errors.Any;

    /// <summary>The list plus every filter and sort read so far; a cursor is valid only under the same scope.</summary>
    public string Scope => string.Join('|', _scope);

    public RequestErrors Errors => _errors;

    public string? Text(string name, bool scoped = true)
    {
        if (!_query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            _errors.Add(name, $"'{name}' must be given once, with a value.");
            return null;
        }

        var maxLength = name == "cursor" ? MaxCursorLength : MaxValueLength;
        if (values[0]!.Length > maxLength)
        {
            _errors.Add(name, $"'{name}' must be at most {maxLength} characters.");
            return null;
        }

        if (scoped)
        {
            _scope.Add($"{name}={values[0]}");
        }

        return values[0]!.Trim();
    }

    /// <summary>
    /// Free text to find inside names, ignoring case: composed (NFC, as names are stored) and lower-cased with the same
    /// invariant mapping the databases apply to the column (<c>lower()</c>, Unicode on both providers).
    /// </summary>
    public string? SearchText(string name) => Text(name)?.Normalize(NormalizationForm.FormC).ToLowerInvariant();

    /// <summary>Repeated (<c>?status=a&amp;status=b</c>) or comma-separated (<c>?status=a,b</c>) values from a fixed set.</summary>
    public IReadOnlyList<string> Many(string name, IReadOnlyCollection<string> allowedValues)
    {
        if (!_query.TryGetValue(name, out StringValues values))
        {
            return [];
        }

        var items = values.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var invalid = items.Where(item => !allowedValues.Contains(item)).ToList();
        if (items.Count == 0 || invalid.Count > 0)
        {
            _errors.Add(name, $"Unknown value(s) {string.Join(", ", invalid.Select(v => $"'{v}'"))} for '{name}'. Allowed: {string.Join(", ", allowedValues)}.");
            return [];
        }

        _scope.Add($"{name}={string.Join(',', items)}");
        return items;
    }

    public int? WholeNumber(string name, int min, int max)
    {
        var raw = Text(name, scoped: false);
        if (raw is null)
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            _errors.Add(name, $"'{name}' must be a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }

    public long? Amount(string name, long min)
    {
        var raw = Text(name);
        if (raw is null)
        {
            return null;
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            _errors.Add(name, $"'{name}' must be a whole number of at least {min}.");
            return null;
        }

        return value;
    }

    public Guid? Id(string name)
    {
        var raw = Text(name);
        if (raw is null)
        {
            return null;
        }

        if (!Guid.TryParse(raw, out var value))
        {
            _errors.Add(name, $"'{name}' must be a UUID.");
            return null;
        }

        return value;
    }

    public DateTimeOffset? Timestamp(string name)
    {
        var raw = Text(name);
        if (raw is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            _errors.Add(name, $"'{name}' must be an ISO 8601 timestamp, e.g. 2026-01-31T23:59:59Z.");
            return null;
        }

        return value.ToUniversalTime();
    }

    public string? OneOf(string name, IReadOnlyCollection<string> allowedValues, string fallback)
    {
        var raw = Text(name, scoped: false) ?? fallback;
        if (!allowedValues.Contains(raw))
        {
            _errors.Add(name, $"Unknown value '{raw}' for '{name}'. Allowed: {string.Join(", ", allowedValues)}.");
            return null;
        }

        _scope.Add($"{name}={raw}");
        return raw;
    }

    /// <summary>The id after which a list in id order continues, or null for the first page.</summary>
    public Guid? CursorId() =>
        CursorKeys(1, keys => Guid.TryParse(keys[0], out _)) is { } keys ? Guid.Parse(keys[0]) : null;

    /// <summary>The position after which a list in sequence order continues, or null for the first page.</summary>
    public int? CursorPosition() =>
        CursorKeys(1, keys => int.TryParse(keys[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)) is { } keys
            ? int.Parse(keys[0], CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// The decoded cursor keys, or null for the first page. A bad cursor (malformed, edited, from another list, or
    /// with keys <paramref name="valid"/> rejects) is recorded as an error.
    /// </summary>
    public IReadOnlyList<string>? CursorKeys(int keyCount, Func<IReadOnlyList<string>, bool> valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        if (Cursor is null || HasErrors)
        {
            return null;
        }

        var keys = Paging.Decode(Cursor, Scope, keyCount);
        if (keys is not null && !valid(keys))
        {
            keys = null;
        }

        if (keys is null)
        {
            _errors.Add("cursor", "The cursor is malformed, was altered, or belongs to another list or other filters; start again without it.");
        }

        return keys;
    }
}
