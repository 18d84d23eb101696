using Microsoft.AspNetCore.Http.HttpResults;
using Ordo.Api.Http;
using Ordo.Api.Infrastructure.Authorization;
using Ordo.Domain.Common;

namespace Ordo.Api.Features.Orders;

/// <summary>Answers for refusals of order actions; those of the caller's authority (403) are logged with the rule that refused them.</summary>
internal static class OrderRefusals
{
    public static ProblemHttpResult Problem(DomainError error, string rule, HttpContext http, ILoggerFactory loggers, Guid resourceId)
    {
        if (error.Kind == ErrorKind.Forbidden)
        {
            AuthorizationLog.RuleDenied(loggers.CreateLogger(AuthorizationLog.Category), rule, CallerAccess.Required(http).SubjectId, resourceId);
        }

        return error.ToProblem();
    }
}
