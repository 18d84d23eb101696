namespace Ordo.Api.Http;

/// <summary>
/// Limits on request fields that no domain rule bounds by itself (lists of names, tokens, codes). Handlers enforce
/// them; the request records declare them (and every domain limit) with data annotations, which is how the OpenAPI
/// document states them.
/// </summary>
public static class RequestLimits
{
    /// <summary>Role, permission and scope names.</summary>
    public const int MaxNameLength = 64;

    public const int MaxPermissions = 100;

    public const int MaxRoles = 50;

    public const int MaxAddresses = 20;

    /// <summary>Authenticator codes (6 digits) and recovery codes.</summary>
    public const int MaxCodeLength = 64;

    /// <summary>Email-confirmation and password-reset tokens.</summary>
    public const int MaxTokenLength = 2000;
}

/// <summary>Documents the longest item of a list of strings, or value of a map of strings (<c>items.maxLength</c>, <c>additionalProperties.maxLength</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ListItemsAttribute(int maxLength) : Attribute
{
    public int MaxLength { get; } = maxLength;
}
