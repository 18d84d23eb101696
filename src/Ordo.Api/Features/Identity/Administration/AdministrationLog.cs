using Ordo.Api.Infrastructure.Audit;

namespace Ordo.Api.Features.Identity.Administration;

/// <summary>
/// Who changed whose access, by id only (user ids, role ids and names, client ids; never emails or secrets).
/// Written at the end of a successful use case, inside the request's transaction: an entry in the audit trail
/// (ADR 0021), which fails the change when it can't be written, and the same as a line in the log stream.
/// </summary>
internal static partial class AdministrationLog
{
    private const string Category = "Ordo.Api.Features.Administration";

    public static async Task UserCreatedAsync(Administrator administrator, Guid userId, IEnumerable<string> roles)
    {
        var (logger, actor) = Of(administrator);
        LogUserCreated(logger, actor, userId, roles);
        await administrator.Audit.RecordAsync(AuditActions.UserCreated, AuditResources.User, userId.ToString(), AuditChanges.Create().Value("roles", roles.ToList()));
    }

    public static async Task UserRolesChangedAsync(Administrator administrator, Guid userId, IEnumerable<string> added, IEnumerable<string> removed)
    {
        var (logger, actor) = Of(administrator);
        LogUserRolesChanged(logger, actor, userId, added, removed);
        await administrator.Audit.RecordAsync(AuditActions.UserRolesChanged, AuditResources.User, userId.ToString(), AuditChanges.Create().Value("added", added.ToList()).Value("removed", removed.ToList()));
    }

    public static async Task UserDisabledAsync(Administrator administrator, Guid userId)
    {
        var (logger, actor) = Of(administrator);
        LogUserDisabled(logger, actor, userId);
        await administrator.Audit.RecordAsync(AuditActions.UserDisabled, AuditResources.User, userId.ToString(), AuditChanges.Create().Field("disabled", false, true));
    }

    public static async Task UserEnabledAsync(Administrator administrator, Guid userId)
    {
        var (logger, actor) = Of(administrator);
        LogUserEnabled(logger, actor, userId);
        await administrator.Audit.RecordAsync(AuditActions.UserEnabled, AuditResources.User, userId.ToString(), AuditChanges.Create().Field("disabled", true, false));
    }

    public static async Task UserMfaResetAsync(Administrator administrator, Guid userId)
    {
        var (logger, actor) = Of(administrator);
        LogUserMfaReset(logger, actor, userId);
        await administrator.Audit.RecordAsync(AuditActions.UserMfaReset, AuditResources.User, userId.ToString(), null);
    }

    public static async Task UserSessionRevokedAsync(Administrator administrator, Guid userId, Guid sessionId)
    {
        var (logger, actor) = Of(administrator);
        LogUserSessionRevoked(logger, actor, userId, sessionId);
        await administrator.Audit.RecordAsync(AuditActions.UserSessionRevoked, AuditResources.User, userId.ToString(), AuditChanges.Create().Value("sessionId", sessionId.ToString()));
    }

    public static async Task UserSessionsRevokedAsync(Administrator administrator, Guid userId)
    {
        var (logger, actor) = Of(administrator);
        LogUserSessionsRevoked(logger, actor, userId);
        await administrator.Audit.RecordAsync(AuditActions.UserSessionsRevoked, AuditResources.User, userId.ToString(), null);
    }

    public static async Task RoleCreatedAsync(Administrator administrator, Guid roleId, string roleName, IEnumerable<string> permissions)
    {
        var (logger, actor) = Of(administrator);
        LogRoleCreated(logger, actor, roleId, roleName, permissions);
        await administrator.Audit.RecordAsync(AuditActions.RoleCreated, AuditResources.Role, roleId.ToString(), AuditChanges.Create().Value("role", roleName).Value("permissions", permissions.ToList()));
    }

    public static async Task RoleUpdatedAsync(Administrator administrator, Guid roleId, string roleName, IEnumerable<string> before, IEnumerable<string> permissions)
    {
        var (logger, actor) = Of(administrator);
        LogRoleUpdated(logger, actor, roleId, roleName, permissions);
        await administrator.Audit.RecordAsync(AuditActions.RoleUpdated, AuditResources.Role, roleId.ToString(), AuditChanges.Create().Value("role", roleName).Field("permissions", before.Order(StringComparer.Ordinal).ToList(), permissions.Order(StringComparer.Ordinal).ToList()));
    }

    public static async Task RoleDeletedAsync(Administrator administrator, Guid roleId, string roleName)
    {
        var (logger, actor) = Of(administrator);
        LogRoleDeleted(logger, actor, roleId, roleName);
        await administrator.Audit.RecordAsync(AuditActions.RoleDeleted, AuditResources.Role, roleId.ToString(), AuditChanges.Create().Value("role", roleName));
    }

    public static async Task ClientCreatedAsync(Administrator administrator, string clientId, IEnumerable<string> scopes)
    {
        var (logger, actor) = Of(administrator);
        LogClientCreated(logger, actor, clientId, scopes);
        await administrator.Audit.RecordAsync(AuditActions.ClientCreated, AuditResources.Client, clientId, AuditChanges.Create().Value("scopes", scopes.ToList()));
    }

    public static async Task ClientSecretRotatedAsync(Administrator administrator, string clientId)
    {
        var (logger, actor) = Of(administrator);
        LogClientSecretRotated(logger, actor, clientId);
        await administrator.Audit.RecordAsync(AuditActions.ClientSecretRotated, AuditResources.Client, clientId, AuditChanges.Create().Value("secret", "rotated"));
    }

    public static async Task ClientDeletedAsync(Administrator administrator, string clientId)
    {
        var (logger, actor) = Of(administrator);
        LogClientDeleted(logger, actor, clientId);
        await administrator.Audit.RecordAsync(AuditActions.ClientDeleted, AuditResources.Client, clientId, null);
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
