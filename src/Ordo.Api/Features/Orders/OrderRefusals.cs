using Ordo.Api.Infrastructure.Audit;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;

namespace Ordo.Api.Features.Orders;

/// <summary>
/// Refusals of order actions by the caller's authority (403) are logged with the rule that refused them, and recorded in
/// the audit trail (<c>authorization.denied</c>, in a transaction of their own: the request's rolls back).
/// </summary>
internal static class OrderRefusals
{
    /// <summary>The error, after logging and auditing it when the caller's authority refused it.</summary>
    public static async Task<DomainError> LoggedAsync(
        DomainError error, string rule, CallerAccess caller, ILoggerFactory loggers, AuditTrail audit, string resourceType, Guid resourceId)
    {
        if (error.Kind == ErrorKind.Forbidden)
        {
            AuthorizationLog.RuleDenied(loggers.CreateLogger(AuthorizationLog.Category), rule, caller.SubjectId, resourceId);
            await audit.RecordRefusalAsync(
                AuditActions.AuthorizationDenied, resourceType, resourceId.ToString(), AuditOutcomes.Denied,
                AuditChanges.Create().Value("rule", rule).Value("errorCode", error.Code));
        }

        return error;
    }
}
