using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ordo.Api.Infrastructure.Identity;

/// <summary>Argon2id cost parameters; the defaults are OWASP's first recommendation (19 MiB, 2 passes, 1 lane).</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Auth:PasswordHashing";

    /// <summary>Memory per hash in KiB. Changing a cost parameter rehashes each password at its owner's next sign-in.</summary>
    public int MemoryKiB { get; set; } = 19 * 1024;

    /// <summary>Passes over the memory.</summary>
    public int Iterations { get; set; } = 2;

    /// <summary>Lanes (threads) per hash.</summary>
    public int Parallelism { get; set; } = 1;
}

/// <summary>
/// Argon2id in the PHC string format (<c>$argon2id$v=19$m=..,t=..,p=..$salt$hash</c>). Hashes made with other
/// parameters, and ASP.NET Core Identity's PBKDF2 hashes, still verify and are re-hashed at the next sign-in.
/// </summary>
public sealed class Argon2idPasswordHasher<TUser>(IOptions<PasswordHashingOptions> options) : IPasswordHasher<TUser>
    where TUser : class
{
    private const string Prefix = "$argon2id$v=19$";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private readonly PasswordHasher<TUser> _legacy = new();

    public string HashPassword(TUser user, string password)
    {
        // The password rules refuse an empty password long before it gets here: reaching this is a bug.
        ArgumentException.ThrowIfNullOrEmpty(password);
        var parameters = options.Value;
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Compute(password, salt, parameters.MemoryKiB, parameters.Iterations, parameters.Parallelism, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}m={parameters.MemoryKiB},t={parameters.Iterations},p={parameters.Parallelism}${Encode(salt)}${Encode(hash)}");
    }

    public PasswordVerificationResult VerifyHashedPassword(TUser user, string hashedPassword, string providedPassword)
    {
        ArgumentNullException.ThrowIfNull(hashedPassword);
        ArgumentNullException.ThrowIfNull(providedPassword);
        if (providedPassword.Length == 0)
        {
            // No password ever set is empty, so an empty one never matches (and Argon2id refuses to hash it). Known and
            // unknown accounts take this same quick path, so its timing tells nothing about either.
            return PasswordVerificationResult.Failed;
        }

        if (!hashedPassword.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return _legacy.VerifyHashedPassword(user, hashedPassword, providedPassword) == PasswordVerificationResult.Failed
                ? PasswordVerificationResult.Failed
                : PasswordVerificationResult.SuccessRehashNeeded;
        }

        var parts = hashedPassword[Prefix.Length..].Split('$');
        if (parts.Length != 3 || !TryParseParameters(parts[0], out var memory, out var iterations, out var parallelism))
        {
            return PasswordVerificationResult.Failed;
        }

        byte[] salt, expected;
        try
        {
            salt = Decode(parts[1]);
            expected = Decode(parts[2]);
        }
        catch (FormatException)
        {
            return PasswordVerificationResult.Failed;
        }

        var actual = Compute(providedPassword, salt, memory, iterations, parallelism, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerificationResult.Failed;
        }

        var current = options.Value;
        return memory == current.MemoryKiB && iterations == current.Iterations && parallelism == current.Parallelism
            ? PasswordVerificationResult.Success
            : PasswordVerificationResult.SuccessRehashNeeded;
    }

    private static byte[] Compute(string password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length)
    {
        using var argon2 = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKiB,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
        };
        return argon2.GetBytes(length);
    }

    private static bool TryParseParameters(string text, out int memory, out int iterations, out int parallelism)
    {
        memory = iterations = parallelism = 0;
        var values = text.Split(',').Select(pair => pair.Split('=')).ToList();
        return values.Count == 3 && values.All(pair => pair.Length == 2)
            && values[0][0] == "m" && int.TryParse(values[0][1], CultureInfo.InvariantCulture, out memory) && memory is >= 8 and <= 1 << 21
            && values[1][0] == "t" && int.TryParse(values[1][1], CultureInfo.InvariantCulture, out iterations) && iterations is >= 1 and <= 100
            && values[2][0] == "p" && int.TryParse(values[2][1], CultureInfo.InvariantCulture, out parallelism) && parallelism is >= 1 and <= 64;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Decode(string text) => Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
