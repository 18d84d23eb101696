using Ordo.Api.Http;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>
/// Header values are ASCII (RFC 9110 §5.5 leaves other bytes without meaning). Kestrel decodes them as Latin-1 instead
/// of refusing the whole request with a bare 400 and no body (see <c>RequestHeaderEncodingSelector</c> in OrdoHost),
/// so that this answers a problem naming the header. The value is never echoed.
/// </summary>
internal sealed class RefuseNonAsciiHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Headers)
        {
            if (values.Any(value => value is not null && !System.Text.Ascii.IsValid(value)))
            {
                return Problems.WriteAsync(
                    context,
                    HttpErrors.InvalidHeader,
                    $"The {name} header holds bytes outside ASCII; send header values in ASCII (percent- or otherwise encode the rest).",
                    new Dictionary<string, object?> { ["header"] = name }).AsTask();
            }
        }

        return next(context);
    }
}
