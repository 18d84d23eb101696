namespace Ordo.Persistence;

/// <summary>
/// Encrypts personal data before it reaches the database and computes the keyed hash used to find it again
/// (implemented by the host's PII protector; the persistence layer never sees keys).
/// </summary>
public interface IFieldProtector
{
    string Protect(string plaintext);

    string Unprotect(string protectedValue);

    string BlindIndex(string normalizedValue);
}

/// <summary>For design-time model building (migrations), where columns matter and values never flow.</summary>
internal sealed class NoFieldProtector : IFieldProtector
{
    public static readonly NoFieldProtector Instance = new();

    public string Protect(string plaintext) => throw new InvalidOperationException("No PII protector is configured.");

    public string Unprotect(string protectedValue) => throw new InvalidOperationException("No PII protector is configured.");

    public string BlindIndex(string normalizedValue) => throw new InvalidOperationException("No PII protector is configured.");
}
