using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Ordo.Api.Http;

/// <summary>A page of a list: <c>{"data": [...], "nextCursor": "...", "hasMore": true}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, string? NextCursor, bool HasMore);

/// <summary>
/// Keyset pagination. A cursor holds the sort key of the last row returned plus a fingerprint of the list and its
/// filters, so it is refused (400) on another list or with other filters; a checksum catches corrupted or clumsily
/// edited cursors. It is opaque to clients but not signed: a deliberately forged one still has to decode to valid
/// keys (else 400), and it only moves the caller within rows it may see anyway.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(string scope, IReadOnlyList<string> keys)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new CursorPayload(Fingerprint(scope), keys), CursorJsonContext.Default.CursorPayload);
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(Checksum(payload));
    }

    /// <summary>The sort key stored in the cursor, or null when the cursor is malformed, edited or from another list.</summary>
    public static IReadOnlyList<string>? Decode(string cursor, string scope, int keyCount)
    {
        try
        {
            var parts = cursor.Split('.');
            if (parts.Length != 2)
            {
                return null;
            }

            var payload = WebEncoders.Base64UrlDecode(parts[0]);
            if (!CryptographicOperations.FixedTimeEquals(Checksum(payload), WebEncoders.Base64UrlDecode(parts[1])))
            {
                return null;
            }

            var decoded = JsonSerializer.Deserialize(payload, CursorJsonContext.Default.CursorPayload);
            return decoded is { Keys: { } keys } && decoded.Scope == Fingerprint(scope) && keys.Count == keyCount && keys.All(key => key is not null)
                ? keys
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Sets the RFC 8288 <c>Link: &lt;…&gt;; rel="next"</c> header and builds the page body.</summary>
    public static Page<T> Respond<T>(HttpContext context, IReadOnlyList<T> rows, int limit, Func<T, IReadOnlyList<string>> keyOf, string scope)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        var hasMore = rows.Count > limit;
        var data = hasMore ? rows.Take(limit).ToList() : rows;
        string? next = null;
        if (hasMore)
        {
            next = Encode(scope, keyOf(data[^1]));
            var query = context.Request.Query
                .Where(pair => pair.Key != "cursor")
                .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
                .Append(new KeyValuePair<string, string?>("cursor", next));
            var url = QueryHelpers.AddQueryString(context.Request.PathBase + context.Request.Path, query);
            context.Response.Headers.Append("Link", $"<{url}>; rel=\"next\"");
        }

        return new Page<T>(data, next, hasMore);
    }

    private static string Fingerprint(string scope) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)))[..16];

    private static byte[] Checksum(byte[] payload) => SHA256.HashData(payload)[..12];
}

public sealed record CursorPayload(string Scope, IReadOnlyList<string> Keys);
