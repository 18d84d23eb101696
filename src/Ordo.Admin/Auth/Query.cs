namespace Ordo.Admin.Auth;

/// <summary>Query strings without the server's WebUtilities (not part of the browser runtime).</summary>
public static class Query
{
    public static string Append(string url, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        ArgumentNullException.ThrowIfNull(url);
        var pairs = parameters.Where(p => p.Value is not null).Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value!));
        var query = string.Join('&', pairs);
        return query.Length == 0 ? url : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    public static IReadOnlyDictionary<string, string> Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var split = part.Split('=', 2);
            var key = Uri.UnescapeDataString(split[0].Replace('+', ' '));
            values.TryAdd(key, split.Length == 2 ? Uri.UnescapeDataString(split[1].Replace('+', ' ')) : "");
        }

        return values;
    }
}
