using System.IO.Compression;
using Microsoft.AspNetCore.Identity;
using Ordo.Persistence.Identity;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>
/// Refuses passwords from a shipped list of the 30,000 most common leaked passwords (zxcvbn's list, MIT), also when
/// they are only padded with digits or symbols ("password1234!"), and passwords that contain the account's email name.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<OrdoUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public static IdentityError Error { get; } = IdentityErrors.PasswordTooCommon.AsIdentityError(
        "This password is too common or too easy to guess; choose a longer phrase of unrelated words.");

    public Task<IdentityResult> ValidateAsync(UserManager<OrdoUser> manager, OrdoUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(IsGuessable(password ?? "", user.Email) ? IdentityResult.Failed(Error) : IdentityResult.Success);
    }

    public static bool IsGuessable(string password, string? email)
    {
        var lowered = password.ToLowerInvariant();
        var core = lowered.Trim("0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray());
        if (Common.Value.Contains(lowered) || (core.Length > 0 && Common.Value.Contains(core)))
        {
            return true;
        }

        var name = email?.Split('@')[0].ToLowerInvariant();
        return name is { Length: >= 4 } && lowered.Contains(name, StringComparison.Ordinal);
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Ordo.Api.common-passwords.txt.gz")
            ?? throw new InvalidOperationException("The common password list is not embedded.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords;
    }
}
