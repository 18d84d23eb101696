using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Ordo.Domain.Common;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// The error catalogue of the identity rules every account path shares (see <see cref="ErrorCode"/>): why a password
/// or an account name was refused. A refused password answers 400 with the first reason as its <c>code</c> and every
/// reason in <c>reasons</c>.
/// </summary>
public static class IdentityErrors
{
    public static readonly ErrorCode PasswordTooShort = new(
        "password_too_short", ErrorKind.Validation, "A new password is shorter than 12 characters (listed in `reasons` with any other reason).");

    public static readonly ErrorCode PasswordRequiresUniqueChars = new(
        "password_requires_unique_chars", ErrorKind.Validation, "A new password has fewer than 4 different characters (listed in `reasons` with any other reason).");

    public static readonly ErrorCode PasswordTooCommon = new(
        "password_too_common", ErrorKind.Validation, "A new password is a commonly used one, padded or not, or contains the account's email name (listed in `reasons` with any other reason).");

    public static readonly ErrorCode PasswordTooLong = new(
        "password_too_long", ErrorKind.Validation, "A new password is longer than 256 characters.");

    public static readonly ErrorCode DuplicateEmail = new(
        "duplicate_email", ErrorKind.Validation, "Registering an address that another account took while the registration ran.");

    public static readonly ErrorCode DuplicateUserName = new(
        "duplicate_user_name", ErrorKind.Validation, "Registering an address that another account took (as its sign-in name) while the registration ran.");

    public static readonly ErrorCode InvalidUserName = new(
        "invalid_user_name", ErrorKind.Validation, "Registering an address with characters an account's sign-in name can't hold.");

    private static readonly ErrorCode[] Known =
        [PasswordTooShort, PasswordRequiresUniqueChars, PasswordTooCommon, PasswordTooLong, DuplicateEmail, DuplicateUserName, InvalidUserName];

    /// <summary>
    /// The catalogued code of an ASP.NET Core Identity refusal (Identity's <c>PasswordTooShort</c> is
    /// <c>password_too_short</c>). A refusal not catalogued here, which the configured rules don't produce, keeps
    /// Identity's code in snake_case.
    /// </summary>
    public static ErrorCode Of(IdentityError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = error.Code.Contains('_', StringComparison.Ordinal) ? error.Code : JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Code);
        return Array.Find(Known, known => known.Code == code) ?? new ErrorCode(code, ErrorKind.Validation, error.Description);
    }

    /// <summary>The refusal as ASP.NET Core Identity's validators report it.</summary>
    public static IdentityError AsIdentityError(this ErrorCode code, string description)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new IdentityError { Code = code.Code, Description = description };
    }
}
