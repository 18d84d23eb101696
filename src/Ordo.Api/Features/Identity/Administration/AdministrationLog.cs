using Ordo.Api.Infrastructure.Authorization;

namespace Ordo.Api.Features.Identity.Administration;

/// <summary>
/// Who changed whose access, by id only (user ids, role ids and names, client ids; never emails or secrets).
/// Written at the end of a successful handler, inside the request's transaction.
/// </summary>
internal static partial class AdministrationLog
{
    private const string Category = "Ordo.Api.Features.Administration";

    public static void UserCreated(HttpContext http, Guid userId, IEnumerable<string> roles)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogUserCreated(logger, actor, userId, roles);
    }

    public static void UserRolesChanged(HttpContext http, Guid userId, IEnumerable<string> added, IEnumerable<string> removed)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogUserRolesChanged(logger, actor, userId, added, removed);
    }

    public static void UserDisabled(HttpContext http, Guid userId)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogUserDisabled(logger, actor, userId);
    }

    public static void UserEnabled(HttpContext http, Guid userId)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogUserEnabled(logger, actor, userId);
    }

    public static void UserMfaReset(HttpContext http, Guid userId)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogUserMfaReset(logger, actor, userId);
    }

    public static void UserSessionRevoked(HttpContext http, Guid userId, Guid sessionId)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogUserSessionRevoked(logger, actor, userId, sessionId);
    }

    public static void UserSessionsRevoked(HttpContext http, Guid userId)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogUserSessionsRevoked(logger, actor, userId);
    }

    public static void RoleCreated(HttpContext http, Guid roleId, string roleName, IEnumerable<string> permissions)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogRoleCreated(logger, actor, roleId, roleName, permissions);
    }

    public static void RoleUpdated(HttpContext http, Guid roleId, string roleName, IEnumerable<string> permissions)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogRoleUpdated(logger, actor, roleId, roleName, permissions);
    }

    public static void RoleDeleted(HttpContext http, Guid roleId, string roleName)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogRoleDeleted(logger, actor, roleId, roleName);
    }

    public static void ClientCreated(HttpContext http, string clientId, IEnumerable<string> scopes)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogClientCreated(logger, actor, clientId, scopes);
    }

    public static void ClientSecretRotated(HttpContext http, string clientId)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogClientSecretRotated(logger, actor, clientId);
    }

    public static void ClientDeleted(HttpContext http, string clientId)
    {
        var logger = LoggerOf(http);
        var actor = CallerAccess.Required(http).SubjectId;
        LogClientDeleted(logger, actor, clientId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} created user {UserId} with roles {Roles}")]
    private static partial void LogUserCreated(ILogger logger, string actor, Guid userId, IEnumerable<string> roles);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} changed the roles of user {UserId}: added {Added}, removed {Removed}")]
    private static partial void LogUserRolesChanged(ILogger logger, string actor, Guid userId, IEnumerable<string> added, IEnumerable<string> removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} disabled user {UserId}")]
    private static partial void LogUserDisabled(ILogger logger, string actor, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} enabled user {UserId}")]
    private static partial void LogUserEnabled(ILogger logger, string actor, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} reset two-step verification of user {UserId}")]
    private static partial void LogUserMfaReset(ILogger logger, string actor, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} revoked session {SessionId} of user {UserId}")]
    private static partial void LogUserSessionRevoked(ILogger logger, string actor, Guid userId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} revoked all sessions of user {UserId}")]
    private static partial void LogUserSessionsRevoked(ILogger logger, string actor, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} created role {RoleId} ({RoleName}) granting {Permissions}")]
    private static partial void LogRoleCreated(ILogger logger, string actor, Guid roleId, string roleName, IEnumerable<string> permissions);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} updated role {RoleId} ({RoleName}); it now grants {Permissions}")]
    private static partial void LogRoleUpdated(ILogger logger, string actor, Guid roleId, string roleName, IEnumerable<string> permissions);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} deleted role {RoleId} ({RoleName})")]
    private static partial void LogRoleDeleted(ILogger logger, string actor, Guid roleId, string roleName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} created API client {ClientId} with scopes {Scopes}")]
    private static partial void LogClientCreated(ILogger logger, string actor, string clientId, IEnumerable<string> scopes);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} rotated the secret of API client {ClientId}")]
    private static partial void LogClientSecretRotated(ILogger logger, string actor, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} revoked and deleted API client {ClientId}")]
    private static partial void LogClientDeleted(ILogger logger, string actor, string clientId);

    private static ILogger LoggerOf(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
}
