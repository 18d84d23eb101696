using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Ordo.Api.Infrastructure.Configuration;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>
/// Applies <c>Http:MaxRequestBodyBytes</c>: a declared oversized body is refused before it is read; an undeclared
/// (chunked) one is cut off by the server while reading, which surfaces as a 413 through the exception handler.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<HttpLimitsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
