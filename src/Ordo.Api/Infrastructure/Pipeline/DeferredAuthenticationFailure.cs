using System.Runtime.ExceptionServices;

namespace Ordo.Api.Infrastructure.Pipeline;

/// <summary>
/// Carries an exception raised while checking a token (the client went away, the database is out of reach) past the
/// authentication handler, which would log it as an error, and rethrows it right after authentication, so that the
/// exception handler answers as for any request: 499 unlogged, or 503 with <c>Retry-After</c>.
/// </summary>
public static class DeferredAuthenticationFailure
{
    private static readonly object Key = new();

    /// <summary>Keeps the exception for <see cref="UseDeferredAuthenticationFailures"/> when it is one of those two.</summary>
    public static bool Defers(HttpContext http, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(http);
        var aborted = exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested;
        if (!aborted && !ExceptionProblemHandler.IsDatabaseUnavailable(exception))
        {
            return false;
        }

        http.Items[Key] = ExceptionDispatchInfo.Capture(exception);
        return true;
    }

    /// <summary>Right after <c>UseAuthentication</c>.</summary>
    public static IApplicationBuilder UseDeferredAuthenticationFailures(this IApplicationBuilder app) =>
        app.Use((HttpContext http, RequestDelegate next) =>
        {
            if (http.Items.TryGetValue(Key, out var deferred) && deferred is ExceptionDispatchInfo failure)
            {
                failure.Throw();
            }

            return next(http);
        });
}
