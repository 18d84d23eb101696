namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>Denials by resource rules, logged with the rule's name so that refused attempts can be audited.</summary>
public static partial class AuthorizationLog
{
    public const string Category = "Ordo.Authorization";

    [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "Denied by rule {Rule}: caller {SubjectId} on {ResourceId}")]
    public static partial void RuleDenied(ILogger logger, string rule, string subjectId, Guid resourceId);
}
