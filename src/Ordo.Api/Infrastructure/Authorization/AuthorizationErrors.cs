using Ordo.Domain.Common;

namespace Ordo.Api.Infrastructure.Authorization;

/// <summary>The error catalogue of permissions and resource rules that every area answers (see <see cref="ErrorCode"/>).</summary>
public static class AuthorizationErrors
{
    public static readonly ErrorCode PermissionMissing = new(
        "permission_missing", ErrorKind.Forbidden, "The caller lacks the permission the operation requires; `permission` names it.");

    public static readonly ErrorCode ContactDetailsHidden = new(
        "contact_details_hidden", ErrorKind.Forbidden, "A search by a customer's email, or a choice among a customer's saved addresses, by a caller without `customers.pii`.");
}
