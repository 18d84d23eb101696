using Ordo.Domain.Common;

namespace Ordo.Api.Features.Identity.Users;

/// <summary>
/// The error catalogue of user administration (see <see cref="ErrorCode"/>); the guard rails it shares with roles and
/// clients are <see cref="Administration.AdministrationErrors"/>, a taken email is <see cref="Customers.CustomerErrors.EmailTaken"/>.
/// </summary>
public static class UserErrors
{
    public static readonly ErrorCode UnknownRoles = new(
        "unknown_roles", ErrorKind.BusinessRule, "Roles to assign that don't exist; `roles` lists them.");

    public static readonly ErrorCode CannotDisableSelf = new(
        "cannot_disable_self", ErrorKind.BusinessRule, "A user manager tried to disable their own account.");

    public static readonly ErrorCode CannotResetOwnMfa = new(
        "cannot_reset_own_mfa", ErrorKind.BusinessRule, "A user manager tried to reset their own two-step verification (`DELETE /api/v1/account/mfa` does that).");
}
