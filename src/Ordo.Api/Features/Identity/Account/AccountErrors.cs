using Ordo.Domain.Common;

namespace Ordo.Api.Features.Identity.Account;

/// <summary>
/// The error catalogue of the self-service account API and its hosted pages (see <see cref="ErrorCode"/>). Refused
/// passwords answer the codes of <see cref="Infrastructure.Identity.IdentityErrors"/>.
/// </summary>
public static class AccountErrors
{
    public static readonly ErrorCode InvalidToken = new(
        "invalid_token", ErrorKind.Validation, "A link's token (email confirmation, password reset, email change) is invalid or expired, or doesn't belong to this account or address.");

    public static readonly ErrorCode InvalidCode = new(
        "invalid_code", ErrorKind.Validation, "The authenticator or recovery code is incorrect.");

    public static readonly ErrorCode CurrentPasswordIncorrect = new(
        "current_password_incorrect", ErrorKind.Validation, "The account's current password, which the step asks for again, is incorrect.");

    public static readonly ErrorCode NotAUser = new(
        "not_a_user", ErrorKind.Forbidden, "An integration client called an account endpoint: only a signed-in person has an account.");

    public static readonly ErrorCode AccountLocked = new(
        "account_locked", ErrorKind.Locked, "The account is locked after too many wrong passwords or codes; it accepts none until the lockout ends.");

    public static readonly ErrorCode MfaNotEnabled = new(
        "mfa_not_enabled", ErrorKind.Conflict, "The step needs two-step verification, which is not enabled on the account.");

    public static readonly ErrorCode MfaAlreadyEnabled = new(
        "mfa_already_enabled", ErrorKind.Conflict, "Enrolling an authenticator while two-step verification is already enabled.");

    public static readonly ErrorCode MfaEnrolmentNotStarted = new(
        "mfa_enrolment_not_started", ErrorKind.Conflict, "Verifying an authenticator before enrolling one (`POST /api/v1/account/mfa/authenticator`).");

    public static readonly ErrorCode MfaRequired = new(
        "mfa_required", ErrorKind.BusinessRule, "Switching two-step verification off while the account's permissions require it.");
}
