using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;

namespace Ordo.Api.Features.Orders;

/// <summary>Refusals of order actions by the caller's authority (403) are logged with the rule that refused them.</summary>
internal static class OrderRefusals
{
    /// <summary>The error, after logging it when the caller's authority refused it.</summary>
    public static DomainError Logged(DomainError error, string rule, CallerAccess caller, ILoggerFactory loggers, Guid resourceId)
    {
        if (error.Kind == ErrorKind.Forbidden)
        {
            AuthorizationLog.RuleDenied(loggers.CreateLogger(AuthorizationLog.Category), rule, caller.SubjectId, resourceId);
        }

        return error;
    }

}
