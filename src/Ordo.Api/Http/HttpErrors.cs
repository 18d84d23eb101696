using Ordo.Domain.Common;

namespace Ordo.Api.Http;

/// <summary>The error catalogue of the HTTP conventions every endpoint shares (see <see cref="ErrorCode"/>).</summary>
public static class HttpErrors
{
    public static readonly ErrorCode NotFound = new("not_found", ErrorKind.NotFound, "Nothing exists at this path, or with this id (or the caller may not see it).");

    public static readonly ErrorCode PreconditionRequired = new(
        "precondition_required", ErrorKind.PreconditionRequired, "The operation needs `If-Match` with the ETag last read.");

    public static readonly ErrorCode InvalidIfMatch = new(
        "invalid_if_match", ErrorKind.Validation, "`If-Match` is not a list of quoted entity tags or `*`.");

    public static readonly ErrorCode PreconditionFailed = new(
        "precondition_failed", ErrorKind.PreconditionFailed, "The resource changed since it was read (`If-Match` no longer matches); `currentETag` holds its ETag now.");

    public static readonly ErrorCode ValidationFailed = new(
        "validation_failed", ErrorKind.Validation, "Fields of the request (body, query or headers) are missing, unknown or malformed; `errors` maps each field's JSON path to what is wrong.");

    public static readonly ErrorCode UnsupportedMediaType = new(
        "unsupported_media_type", ErrorKind.UnsupportedMediaType, "The body's content type is not one the operation reads (a PATCH takes `application/merge-patch+json`).");

    public static readonly ErrorCode MetadataNotAllowed = new(
        "metadata_not_allowed", ErrorKind.Forbidden, "A customer's own call tried to set metadata, which only the shop's staff and integrations set.");
}
