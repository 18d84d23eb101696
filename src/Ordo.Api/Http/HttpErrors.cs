using Ordo.Domain.Common;

namespace Ordo.Api.Http;

/// <summary>
/// The error catalogue of the HTTP conventions every endpoint shares and of the pipeline in front of them (see
/// <see cref="ErrorCode"/>): request shape, conditional requests, idempotency, limits, and the code each status gets
/// when nothing more precise answered it.
/// </summary>
public static class HttpErrors
{
    public static readonly ErrorCode NotFound = new("not_found", ErrorKind.NotFound, "Nothing exists at this path, or with this id (or the caller may not see it).");

    /// <summary>The one 404 of a use case: no <paramref name="what"/> (an order, a role, ...) with this id that the caller may see.</summary>
    public static DomainError NotFoundWithId(string what) => NotFound.Error($"No {what} exists with this id.");

    public static readonly ErrorCode PreconditionRequired = new(
        "precondition_required", ErrorKind.PreconditionRequired, "The operation needs `If-Match` with the ETag last read.");

    public static readonly ErrorCode InvalidIfMatch = new(
        "invalid_if_match", ErrorKind.Validation, "`If-Match` is not a list of quoted entity tags or `*`.");

    public static readonly ErrorCode PreconditionFailed = new(
        "precondition_failed", ErrorKind.PreconditionFailed, "The resource changed since it was read (`If-Match` no longer matches); `currentETag` holds its ETag now.");

    // The shape of the request.
    public static readonly ErrorCode ValidationFailed = new(
        "validation_failed", ErrorKind.Validation, "Fields of the body or query parameters are invalid (a list query's filter, sort, limit or cursor included); `errors` maps each JSON path or parameter to its messages.");

    public static readonly ErrorCode MalformedJson = new(
        "malformed_json", ErrorKind.Validation, "The body is not valid JSON for the operation (wrong type, missing required or unknown field); `errors` says where.");

    public static readonly ErrorCode InvalidHeader = new(
        "invalid_header", ErrorKind.Validation, "A header value holds bytes outside ASCII; `header` names it.");

    public static readonly ErrorCode MetadataNotAllowed = new(
        "metadata_not_allowed", ErrorKind.Forbidden, "A customer's own call tried to set metadata, which the shop's staff and integrations set.");

    // Idempotency (Idempotency-Key) and concurrent changes.
    public static readonly ErrorCode IdempotencyKeyRequired = new(
        "idempotency_key_required", ErrorKind.Validation, "The operation moves money and needs an `Idempotency-Key` header.");

    public static readonly ErrorCode IdempotencyKeyNotSupported = new(
        "idempotency_key_not_supported", ErrorKind.Validation, "The operation takes no `Idempotency-Key`: its response (e.g. a secret shown once) is not stored to replay.");

    public static readonly ErrorCode InvalidIdempotencyKey = new(
        "invalid_idempotency_key", ErrorKind.Validation, "The `Idempotency-Key` header is too long.");

    public static readonly ErrorCode InvalidCaller = new(
        "invalid_caller", ErrorKind.Validation, "The caller's identifier is too long to scope idempotency keys.");

    public static readonly ErrorCode IdempotencyKeyReused = new(
        "idempotency_key_reused", ErrorKind.BusinessRule, "The `Idempotency-Key` was already used for a different request.");

    public static readonly ErrorCode ConcurrentChange = new(
        "concurrent_change", ErrorKind.Conflict, "The resource changed while the request ran (without `If-Match`); fetch it again and retry.");

    // Limits and availability.
    public static readonly ErrorCode RateLimited = new(
        "rate_limited", ErrorKind.TooManyRequests, "The caller or address is over a rate limit; `Retry-After` says when to try again.");

    public static readonly ErrorCode DatabaseUnavailable = new(
        "database_unavailable", ErrorKind.Unavailable, "The database is out of reach; `Retry-After` says when to try again.");

    // The code of each status when nothing more precise answered it (routing, the framework, a bare status).
    public static readonly ErrorCode BadRequest = new("bad_request", ErrorKind.Validation, "The request could not be read (e.g. its body ended early).");

    public static readonly ErrorCode Unauthorized = new(
        "unauthorized", ErrorKind.Unauthenticated, "No access token was sent, or it was refused; `WWW-Authenticate` and `detail` say why.");

    public static readonly ErrorCode Forbidden = new("forbidden", ErrorKind.Forbidden, "The caller may not do this.");

    public static readonly ErrorCode MethodNotAllowed = new(
        "method_not_allowed", ErrorKind.MethodNotAllowed, "The path exists but not with this method; `Allow` lists the methods it takes.");

    public static readonly ErrorCode NotAcceptable = new("not_acceptable", ErrorKind.NotAcceptable, "No representation named in `Accept` can be produced.");

    public static readonly ErrorCode Conflict = new("conflict", ErrorKind.Conflict, "The request conflicts with the resource's current state.");

    public static readonly ErrorCode PayloadTooLarge = new("payload_too_large", ErrorKind.PayloadTooLarge, "The request body is larger than the service accepts.");

    public static readonly ErrorCode UnsupportedMediaType = new(
        "unsupported_media_type", ErrorKind.UnsupportedMediaType, "The body's `Content-Type` is not one the operation reads (PATCH takes `application/merge-patch+json`).");

    public static readonly ErrorCode Unprocessable = new("unprocessable", ErrorKind.BusinessRule, "The request is well formed but cannot be processed.");

    public static readonly ErrorCode TooManyRequests = new("too_many_requests", ErrorKind.TooManyRequests, "Too many requests; try again later.");

    public static readonly ErrorCode ServiceUnavailable = new("service_unavailable", ErrorKind.Unavailable, "The service is unavailable for now; try again later.");

    public static readonly ErrorCode InternalError = new("internal_error", ErrorKind.Internal, "An unexpected failure (a bug or an outage); quote `traceId` when reporting it.");

    /// <summary>A status no code above covers: <c>http_</c> and the status (the table's status is that of a client error).</summary>
    public static readonly ErrorCode OtherStatus = new(
        "http_*", ErrorKind.Validation, "Any other 4xx status the framework answers (e.g. `http_408` when a body arrives too slowly): `http_` and the status.");

    /// <summary>The code a problem of <paramref name="status"/> gets when nothing more precise set one.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest.Code,
        StatusCodes.Status401Unauthorized => Unauthorized.Code,
        StatusCodes.Status403Forbidden => Forbidden.Code,
        StatusCodes.Status404NotFound => NotFound.Code,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed.Code,
        StatusCodes.Status406NotAcceptable => NotAcceptable.Code,
        StatusCodes.Status409Conflict => Conflict.Code,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed.Code,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge.Code,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType.Code,
        StatusCodes.Status422UnprocessableEntity => Unprocessable.Code,
        StatusCodes.Status428PreconditionRequired => PreconditionRequired.Code,
        StatusCodes.Status429TooManyRequests => TooManyRequests.Code,
        StatusCodes.Status503ServiceUnavailable => ServiceUnavailable.Code,
        >= 500 => InternalError.Code,
        _ => OtherStatus.Code.TrimEnd('*') + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
