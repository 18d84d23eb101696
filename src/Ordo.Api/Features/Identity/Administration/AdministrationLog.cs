namespace Ordo.Api.Features.Identity.Administration;

/// <summary>
/// Who changed whose access, by id only (user ids, role ids and names, client ids; never emails or secrets).
/// Written at the end of a successful use case, inside the request's transaction.
/// </summary>
internal static partial class AdministrationLog
{
    private const string Category = "Ordo.Api.Features.Administration";

    public static void UserCreated(Administrator administrator, Guid userId, IEnumerable<string> roles)
    {
        var (logger, actor) = Of(administrator);
        LogUserCreated(logger, actor, userId, roles);
    }

    public static void UserRolesChanged(Administrator administrator, Guid userId, IEnumerable<string> added, IEnumerable<string> removed)
    {
        var (logger, actor) = Of(administrator);
        LogUserRolesChanged(logger, actor, userId, added, removed);
    }

    public static void UserDisabled(Administrator administrator, Guid userId)
    {
        var (logger, actor) = Of(administrator);
        LogUserDisabled(logger, actor, userId);
    }

    public static void UserEnabled(Administrator administrator, Guid userId)
    {
        var (logger, actor) = Of(administrator);
        LogUserEnabled(logger, actor, userId);
    }

    public static void UserMfaReset(Administrator administrator, Guid userId)
    {
        var (logger, actor) = Of(administrator);
        LogUserMfaReset(logger, actor, userId);
    }

    public static void UserSessionRevoked(Administrator administrator, Guid userId, Guid sessionId)
    {
        var (logger, actor) = Of(administrator);
        LogUserSessionRevoked(logger, actor, userId, sessionId);
    }

    public static void UserSessionsRevoked(Administrator administrator, Guid userId)
    {
        var (logger, actor) = Of(administrator);
        LogUserSessionsRevoked(logger, actor, userId);
    }

    public static void RoleCreated(Administrator administrator, Guid roleId, string roleName, IEnumerable<string> permissions)
    {
        var (logger, actor) = Of(administrator);
        LogRoleCreated(logger, actor, roleId, roleName, permissions);
    }

    public static void RoleUpdated(Administrator administrator, Guid roleId, string roleName, IEnumerable<string> permissions)
    {
        var (logger, actor) = Of(administrator);
        LogRoleUpdated(logger, actor, roleId, roleName, permissions);
    }

    public static void RoleDeleted(Administrator administrator, Guid roleId, string roleName)
    {
        var (logger, actor) = Of(administrator);
        LogRoleDeleted(logger, actor, roleId, roleName);
    }

    public static void ClientCreated(Administrator administrator, string clientId, IEnumerable<string> scopes)
    {
        var (logger, actor) = Of(administrator);
        LogClientCreated(logger, actor, clientId, scopes);
    }

    public static void ClientSecretRotated(Administrator administrator, string clientId)
    {
        var (logger, actor) = Of(administrator);
        LogClientSecretRotated(logger, actor, clientId);
    }

    public static void ClientDeleted(Administrator administrator, string clientId)
    {
        var (logger, actor) = Of(administrator);
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

    private static (ILogger Logger, string Actor) Of(Administrator administrator) =>
        (administrator.Loggers.CreateLogger(Category), administrator.Caller.SubjectId);
}
