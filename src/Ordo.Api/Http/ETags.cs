using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

using Ordo.Domain.Common;

namespace Ordo.Api.Http;

/// <summary>
/// Strong ETags from the aggregate's version column (it rises on every change), or for users and roles from
/// Identity's concurrency stamp (a new one on every write). GET honours If-None-Match; PATCH requires If-Match;
/// state-changing POSTs honour it when sent.
/// </summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>The entity tag of an opaque stamp that changes on every write (Identity's concurrency stamp).</summary>
    public static string ForStamp(string stamp) => $"\"{stamp}\"";

    public static void Set(HttpContext context, long version) => context.Response.Headers.ETag = For(version);

    /// <summary>
    /// A strong ETag for a representation with no version column of its own, or one that also changes with time (a
    /// user's lockout ends): a hash of exactly the JSON the client receives, so it changes whenever that does.
    /// </summary>
    public static string ForContent<T>(HttpContext context, T representation)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ForContent(context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions, representation);
    }

    /// <summary>The same tag, for a use case that has the API's JSON options but no request.</summary>
    public static string ForContent<T>(JsonSerializerOptions options, T representation)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(representation, options));
        return $"\"{WebEncoders.Base64UrlEncode(hash, 0, 18)}\"";
    }

    /// <summary>Sets the representation's ETag; true when the client's If-None-Match still matches it (answer 304).</summary>
    public static bool NotModified<T>(HttpContext context, T representation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var etag = ForContent(context, representation);
        context.Response.Headers.ETag = etag;
        return IfNoneMatchHits(context.Request, etag);
    }

    /// <summary>
    /// The answer of a read by id: 404 when nothing was found (or the caller may not see it), else the representation
    /// with its ETag, or 304 when <c>If-None-Match</c> already names that version. The representation is built only
    /// when it is sent.
    /// </summary>
    public static Results<Ok<TResponse>, StatusCodeHttpResult, ProblemHttpResult> Read<TFound, TResponse>(
        HttpContext http, string resource, TFound? found, Func<TFound, long> version, Func<TFound, TResponse> represent)
        where TFound : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(represent);
        if (found is null)
        {
            return DomainProblems.NotFound(resource);
        }

        var current = version(found);
        Set(http, current);
        return IfNoneMatchHits(http.Request, current)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(represent(found));
    }

    public static bool IfNoneMatchHits(HttpRequest request, long version) => IfNoneMatchHits(request, For(version));

    public static bool IfNoneMatchHits(HttpRequest request, string current)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfNoneMatch.ToString();
        if (header.Length == 0)
        {
            return false;
        }

        // A malformed header matches nothing: the client simply gets the full response.
        return header.Trim() == "*"
            || (EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags) && tags.Any(tag => tag.Tag == current || tag.Tag == "*"));
    }

    /// <summary>Null when the precondition holds; otherwise 428 (required but missing), 400 (malformed) or 412 (stale).</summary>
    public static ProblemHttpResult? CheckIfMatch(HttpRequest request, long version, bool required) =>
        CheckIfMatch(request, For(version), required);

    /// <summary>Null when the precondition holds; otherwise 428 (required but missing), 400 (malformed) or 412 (stale).</summary>
    public static ProblemHttpResult? CheckIfMatch(HttpRequest request, string current, bool required)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CheckIfMatch(request.Headers.IfMatch.ToString(), current, required)?.ToProblem();
    }

    /// <summary>
    /// The same check on the entity tags a caller sent (an <c>If-Match</c> value: quoted tags or <c>*</c>; empty when
    /// none), for use cases that any transport calls.
    /// </summary>
    public static DomainError? CheckIfMatch(string? ifMatch, long version, bool required) => CheckIfMatch(ifMatch, For(version), required);

    /// <summary>The same check against a current entity tag that is not a version (a stamp, a content hash).</summary>
    public static DomainError? CheckIfMatch(string? ifMatch, string current, bool required)
    {
        var header = ifMatch ?? "";
        if (header.Length == 0)
        {
            return required ? HttpErrors.PreconditionRequired.Error("Send If-Match with the ETag you last read, so that you don't overwrite someone else's change.") : null;
        }

        IList<EntityTagHeaderValue>? tags = null;
        if (header.Trim() != "*" && !EntityTagHeaderValue.TryParseStrictList([header], out tags))
        {
            // An unquoted version (If-Match: 7) is a malformed header, not a stale one: saying "it changed" would mislead.
            return HttpErrors.InvalidIfMatch.Error(
                $"If-Match must hold entity tags as the ETag header gives them, quotes included (e.g. If-Match: {current}), or *.");
        }

        if (tags is null || tags.Any(tag => !tag.IsWeak && tag.Tag == current))
        {
            return null;
        }

        // A weakened copy of the current tag (a proxy may weaken ETags) would otherwise read as "it changed".
        var detail = tags.Any(tag => tag.IsWeak && tag.Tag == current)
            ? $"If-Match compares strongly and a weak tag (W/) never matches: send the ETag as this service gave it, {current}."
            : $"The resource has changed since you read it (its ETag is now {current}); fetch it again and retry.";
        return HttpErrors.PreconditionFailed.Error(detail) with { Details = new Dictionary<string, object?> { ["currentETag"] = current } };
    }
}
