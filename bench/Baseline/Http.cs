using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.WebUtilities;

namespace Ordo.Bench.Baseline;

/// <summary>What both baselines share on the HTTP side: bodies, answers, list queries and the idempotency record.</summary>
public static class Http
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static Task WriteAsync<T>(HttpContext http, int status, T body, JsonTypeInfo<T> type, long? version = null, string? location = null)
    {
        http.Response.StatusCode = status;
        if (version is { } v)
        {
            http.Response.Headers.ETag = $"\"{v}\"";
        }

        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }

        return http.Response.WriteAsJsonAsync(body, type, JsonContentType);
    }

    /// <summary>The same bytes <see cref="WriteAsync{T}"/> sends, for the stored idempotent response.</summary>
    public static byte[] Bytes<T>(T body, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(body, type);

    public static async Task WriteBytesAsync(HttpContext http, int status, byte[] body, long version, string? location = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = JsonContentType;
        http.Response.Headers.ETag = $"\"{version}\"";
        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }

        await http.Response.Body.WriteAsync(body);
    }

    public static Task ProblemAsync(HttpContext http, int status, string code)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/problem+json";
        return http.Response.WriteAsync($"{{\"type\":\"https://ordo.example/problems/{code}\",\"code\":\"{code}\",\"status\":{status}}}");
    }

    public static async Task<byte[]> BodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>The list query the benchmark sends: <c>sort</c>, <c>cursor</c>, <c>limit</c> (Ordo's defaults and scope).</summary>
    public sealed record ListRequest(string Sort, int Limit, IReadOnlyList<string>? Cursor, string Scope, string[] Statuses)
    {
        private static readonly string[] KnownStatuses = ["pending", "open", "completed", "cancelled", "expired"];

        public bool ByTotal => Sort is "total" or "-total";

        public bool Descending => Sort.StartsWith('-');

        public static ListRequest? Read(HttpRequest request)
        {
            var sort = request.Query["sort"].Count == 1 ? request.Query["sort"][0]! : "-createdAt";
            if (sort is not ("createdAt" or "-createdAt" or "total" or "-total"))
            {
                return null;
            }

            var limit = request.Query["limit"].Count == 1 ? int.Parse(request.Query["limit"][0]!, System.Globalization.CultureInfo.InvariantCulture) : 50;
            // As Ordo's ListQuery: repeated or comma-separated, distinct, in ordinal order; the filters before the sort.
            string[] statuses = [.. request.Query["status"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            if (statuses.Any(s => !KnownStatuses.Contains(s)))
            {
                return null;
            }

            var scope = "orders" + (statuses.Length > 0 ? "|status=" + string.Join(',', statuses) : "") + "|sort=" + sort;
            IReadOnlyList<string>? cursor = null;
            if (request.Query["cursor"].Count == 1)
            {
                cursor = Cursors.Decode(request.Query["cursor"][0]!, scope);
                if (cursor is null)
                {
                    return null;
                }
            }

            return new ListRequest(sort, limit, cursor, scope, statuses);
        }

        /// <summary>The page body and its <c>Link</c> header, as Ordo's Paging.Respond builds them.</summary>
        public Page<OrderSummaryResponse> Respond(HttpContext http, List<OrderSummaryResponse> rows)
        {
            var hasMore = rows.Count > Limit;
            if (!hasMore)
            {
                return new Page<OrderSummaryResponse>(rows, null, false);
            }

            var data = rows.GetRange(0, Limit);
            var last = data[^1];
            var next = Cursors.Encode(Scope, [(ByTotal ? last.Total.Amount : last.CreatedAt.UtcTicks).ToString(System.Globalization.CultureInfo.InvariantCulture), last.Id.ToString()]);
            var query = http.Request.Query
                .Where(pair => pair.Key != "cursor")
                .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
                .Append(new KeyValuePair<string, string?>("cursor", next));
            var url = QueryHelpers.AddQueryString(http.Request.PathBase + http.Request.Path, query);
            http.Response.Headers.Append("Link", $"<{url}>; rel=\"next\"");
            return new Page<OrderSummaryResponse>(data, next, true);
        }
    }
}

/// <summary>
/// The idempotency record as Ordo keeps it (src/Ordo.Api/Infrastructure/Idempotency): a keyed hash of the request,
/// and the response stored encrypted (AES-GCM here, as Ordo's field protector) once the work is done.
/// </summary>
public sealed class IdempotencyRecord(string caller, string key, string requestHash, DateTimeOffset createdAt)
{
    public string Caller { get; } = caller;
    public string Key { get; } = key;
    public string RequestHash { get; } = requestHash;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public int Status { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? Body { get; set; }

    public static IdempotencyRecord For(HttpContext http, string caller, string key, byte[] body, byte[] hashKey, DateTimeOffset now)
    {
        var fingerprint = SHA256.HashData([.. Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"), .. body]);
        var hash = Convert.ToHexStringLower(HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(Convert.ToHexStringLower(fingerprint))));
        return new IdempotencyRecord(caller, key, hash, now);
    }

    public void Complete(int status, string? location, long version, byte[] response, byte[] encryptionKey)
    {
        Status = status;
        Location = location;
        ETag = $"\"{version}\"";
        var plain = Encoding.UTF8.GetBytes(Convert.ToBase64String(response));
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedBody = new byte[plain.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(encryptionKey, 16))
        {
            aes.Encrypt(nonce, plain, sealedBody, tag);
        }

        Body = Encoding.UTF8.GetBytes("v1:bench:" + Convert.ToBase64String([.. nonce, .. tag, .. sealedBody]));
    }

    public object? Column(string column, bool completed) => column switch
    {
        "caller" => Caller,
        "key" => Key,
        "request_hash" => RequestHash,
        "created_at" => CreatedAt,
        "expires_at" => CreatedAt + TimeSpan.FromHours(24),
        "response_status" => completed ? Status : null,
        "response_content_type" => completed ? Http.JsonContentType : null,
        "response_location" => completed ? Location : null,
        "response_e_tag" => completed ? ETag : null,
        "response_body" => completed ? Body : null,
        _ => throw new InvalidOperationException($"The baseline has no value for idempotency_records.{column}."),
    };
}
