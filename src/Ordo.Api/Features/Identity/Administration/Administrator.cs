using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;

namespace Ordo.Api.Features.Identity.Administration;

/// <summary>
/// Who makes an administrative change (users, roles, clients), with what the transport calling the use case provides
/// around it: the loggers of the administration log, the audit trail, and <see cref="AfterCommit"/>, work to run again once the
/// transport has committed the change. Use cases take it instead of an <see cref="HttpContext"/>; each transport
/// builds it (<see cref="Of"/> for REST) and runs the use case inside one transaction that it commits only when the
/// use case succeeded.
/// </summary>
public sealed class Administrator(CallerAccess caller, AccessProfiles profiles, ILoggerFactory loggers, AuditTrail audit, Action<Func<Task>> afterCommit)
{
    public CallerAccess Caller { get; } = caller;

    internal ILoggerFactory Loggers { get; } = loggers;

    /// <summary>The audit trail the change is recorded in, inside the transport's transaction.</summary>
    internal AuditTrail Audit { get; } = audit;

    /// <summary>
    /// REST: the change commits in <c>ChangesState</c> before the response starts, so work after the commit runs when
    /// the response starts.
    /// </summary>
    public static Administrator Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return new Administrator(
            CallerAccess.Required(http),
            http.RequestServices.GetRequiredService<AccessProfiles>(),
            http.RequestServices.GetRequiredService<ILoggerFactory>(),
            http.RequestServices.GetRequiredService<AuditTrail>(),
            work => http.Response.OnStarting(work));
    }

    /// <summary>Registers work to run once the change has committed.</summary>
    public void AfterCommit(Func<Task> work) => afterCommit(work);

    /// <summary>
    /// Drops cached decisions now and again once the change has committed, so no request running in between can put
    /// the old grants back into the cache.
    /// </summary>
    public async Task InvalidateNowAndAfterCommitAsync(Func<AccessProfiles, ValueTask> invalidate)
    {
        ArgumentNullException.ThrowIfNull(invalidate);
        await invalidate(profiles);
        afterCommit(async () => await invalidate(profiles));
    }
}
