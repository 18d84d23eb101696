namespace Ordo.Api.Infrastructure.Idempotency;

/// <summary>A response produced into a buffer, so it can be stored before it is sent, and replayed later.</summary>
public sealed record CapturedResponse(int Status, string? ContentType, string? Location, string? ETag, byte[] Body) : IResult
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public bool Succeeded => Status is >= 200 and < 300;

    public static async Task<CapturedResponse> CaptureAsync(HttpContext context, IResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await result.ExecuteAsync(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var headers = context.Response.Headers;
        return new CapturedResponse(
            context.Response.StatusCode,
            context.Response.ContentType,
            headers.Location.Count > 0 ? headers.Location.ToString() : null,
            headers.ETag.Count > 0 ? headers.ETag.ToString() : null,
            buffer.ToArray());
    }

    /// <summary>Captures a replacement for a response the handler already shaped: drops its Location and ETag first.</summary>
    public static Task<CapturedResponse> CaptureInsteadAsync(HttpContext context, IResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.Location);
        context.Response.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.ETag);
        return CaptureAsync(context, result);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (ETag is not null)
        {
            response.Headers.ETag = ETag;
        }

        // 204 and 304 have no body by definition: the server refuses even an empty write to them.
        if (Body.Length > 0 && Status is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified))
        {
            await response.Body.WriteAsync(Body, httpContext.RequestAborted);
        }
    }
}
