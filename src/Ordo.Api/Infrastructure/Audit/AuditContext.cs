using System.Diagnostics;
using Ordo.Api.Http;
using Ordo.Persistence.Audit;

namespace Ordo.Api.Infrastructure.Audit;

/// <summary>
/// Who is acting and from where, for the entries a scope writes: from the HTTP request (the caller's subject, the
/// client address as the forwarded-headers step left it, the user agent and the W3C trace id), or <c>system</c> for
/// background work, which has no request.
/// </summary>
public sealed record AuditContext(string Actor, string? IpAddress, string? UserAgent, string? TraceId)
{
    public const string SystemActor = "system";

    public static AuditContext From(HttpContext? http)
    {
        if (http is null)
        {
            return new AuditContext(SystemActor, null, null, Activity.Current?.TraceId.ToHexString());
        }

        var userAgent = http.Request.Headers.UserAgent.ToString();
        return new AuditContext(
            Clip(Caller.Id(http), AuditEntry.MaxActorLength)!,
            http.Connection.RemoteIpAddress?.ToString(),
            Clip(userAgent.Length == 0 ? null : userAgent, AuditEntry.MaxUserAgentLength),
            Clip(Problems.CurrentTraceId(http), AuditEntry.MaxTraceIdLength));
    }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
