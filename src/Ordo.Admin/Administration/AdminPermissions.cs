namespace Ordo.Admin.Administration;

/// <summary>
/// The permissions the administration screens' endpoints require (docs/security.md): what decides which screens and
/// controls the panel offers. The API checks each call again.
/// </summary>
public static class AdminPermissions
{
    public const string UsersRead = "users.read";
    public const string UsersManage = "users.manage";
    public const string RolesManage = "roles.manage";
    public const string AuditRead = "audit.read";
    public const string ClientsManage = "clients.manage";
    public const string WebhooksManage = "webhooks.manage";

    /// <summary>The built-in role that always grants every permission; the API refuses to edit it.</summary>
    public const string AdminRole = "admin";
}
