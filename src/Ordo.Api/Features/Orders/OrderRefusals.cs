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

    /// <summary>
    /// 403 <c>contact_details_hidden</c>, the answer of <see cref="ContactDetailsSearch"/>, as a use case's error. Its code
    /// is declared in Infrastructure/Authorization, whose catalogue is another change of the same issue: this is the one
    /// place orders name it, to point at that catalogue's entry once both have landed.
    /// </summary>
    public static DomainError ContactDetailsHidden(string message) => new(ContactDetailsSearch.Code, message, ErrorKind.Forbidden);
}
