using Ordo.Domain.Common;

namespace Ordo.Api.Features.Identity.Administration;

/// <summary>
/// The error catalogue of the guard rails every administrative change passes (users, roles, clients; see
/// <see cref="AccessGuards"/> and <see cref="ErrorCode"/>).
/// </summary>
public static class AdministrationErrors
{
    public static readonly ErrorCode UnknownPermissions = new(
        "unknown_permissions", ErrorKind.BusinessRule, "A role grants permissions that are not in the catalogue; `permissions` lists them.");

    public static readonly ErrorCode PrivilegeEscalation = new(
        "privilege_escalation", ErrorKind.BusinessRule, "The change would hand out permissions the caller doesn't hold; `permissions` lists them.");

    public static readonly ErrorCode CustomerAccount = new(
        "customer_account", ErrorKind.BusinessRule, "A customer's account would receive staff-only permissions; `permissions` lists them.");

    public static readonly ErrorCode TargetOutranksCaller = new(
        "target_outranks_caller", ErrorKind.Forbidden, "The user or role to change holds or grants permissions the caller doesn't; for a role, `permissions` lists them.");

    public static readonly ErrorCode LastAdministrator = new(
        "last_administrator", ErrorKind.BusinessRule, "The change would leave no enabled staff user holding `permission` (`users.manage` or `roles.manage`).");
}
