using Ordo.Domain.Common;

namespace Ordo.Api.Features.Identity.Roles;

/// <summary>
/// The error catalogue of role administration (see <see cref="ErrorCode"/>); the guard rails it shares with users and
/// clients are <see cref="Administration.AdministrationErrors"/>.
/// </summary>
public static class RoleErrors
{
    public static readonly ErrorCode RoleNameTaken = new(
        "role_name_taken", ErrorKind.Conflict, "Another role already has this name (compared ignoring case).");

    public static readonly ErrorCode BuiltInRole = new(
        "built_in_role", ErrorKind.BusinessRule, "Deleting or renaming a built-in role, or editing `admin`, which always grants every permission.");

    public static readonly ErrorCode RoleInUse = new(
        "role_in_use", ErrorKind.Conflict, "Deleting a role that users still hold; `users` counts them.");
}
