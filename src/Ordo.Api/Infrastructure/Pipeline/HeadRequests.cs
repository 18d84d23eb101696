using Microsoft.AspNetCore.Http.Features;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>
/// HEAD is GET without the body (RFC 9110 §9.3.2): the request runs as a GET through the whole pipeline, so every GET
/// route, the token server's documents and the probes answer it with the GET's status and headers, and whatever the
/// pipeline writes is discarded. Runs first, so that error bodies are discarded too and the log line says HEAD.
/// </summary>
internal sealed class HeadRequests(RequestDelegate next)
{
    /// <summary>The method as the client sent it (HEAD while it runs as a GET).</summary>
    public static string MethodOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<HeadRequestFeature>() is null ? context.Request.Method : HttpMethods.Head;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Features.Set(new HeadRequestFeature());
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
            context.Features.Set<HeadRequestFeature>(null);
            context.Request.Method = HttpMethods.Head;
        }
    }

    private sealed class HeadRequestFeature;
}
